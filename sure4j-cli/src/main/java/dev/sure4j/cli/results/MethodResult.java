package dev.sure4j.cli.results;

import java.util.Locale;

/**
 * One row of a results table.
 *
 * @param task the task name
 * @param method the method name
 * @param metric the metric name, e.g. {@code accuracy}
 * @param score the metric on the held-out split, in {@code [0, 1]} for accuracy
 * @param trainableParams the number of trainable scalars, head included
 * @param allParams the number of scalars in the model, adapters and head included
 * @param trainSeconds the wall-clock training time, in seconds
 * @param seed the seed of data order and initial weights
 * @param learningRate the peak learning rate
 * @param valScore the metric of the best checkpoint on the validation split, NaN when there was
 *     none
 */
public record MethodResult(
    String task,
    String method,
    String metric,
    double score,
    long trainableParams,
    long allParams,
    double trainSeconds,
    long seed,
    double learningRate,
    double valScore) {

  /** The CSV header of the demo and the quickstart. */
  public static final String CSV_HEADER =
      "task,method,metric,score,trainable_params,trainable_pct,train_seconds,seed,learning_rate,"
          + "val_score";

  /**
   * Returns a failed run's row: score NaN, nothing counted.
   *
   * @param task the task name
   * @param method the method name
   * @param metric the metric name
   * @param seed the seed
   * @param learningRate the peak learning rate
   * @return the row
   */
  public static MethodResult failed(
      String task, String method, String metric, long seed, double learningRate) {
    return new MethodResult(
        task, method, metric, Double.NaN, 0, 0, 0, seed, learningRate, Double.NaN);
  }

  /**
   * Parses one data line written by {@link #toCsv()}. The model's size is recovered from the
   * trainable count and share ({@code all = round(100 * trainable / pct)}), so {@link
   * #trainablePercent()} of the result equals the line's share to its four decimals.
   *
   * @param line a line of {@code results.csv} below the header
   * @return the row
   * @throws IllegalArgumentException if the line does not have the header's ten fields or a number
   *     does not parse; the message names the field and its value
   */
  public static MethodResult fromCsv(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 10) {
      throw new IllegalArgumentException(
          "expected the 10 fields of '" + CSV_HEADER + "', found " + f.length + ": " + line);
    }
    long trainable = parseLong("trainable_params", f[4]);
    double pct = parseDouble("trainable_pct", f[5]);
    long all = pct > 0 ? Math.round(100.0 * trainable / pct) : 0;
    return new MethodResult(
        f[0],
        f[1],
        f[2],
        parseDouble("score", f[3]),
        trainable,
        all,
        parseDouble("train_seconds", f[6]),
        parseLong("seed", f[7]),
        parseDouble("learning_rate", f[8]),
        parseDouble("val_score", f[9]));
  }

  private static double parseDouble(String field, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not a number: '" + value + "'", e);
    }
  }

  private static long parseLong(String field, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not an integer: '" + value + "'", e);
    }
  }

  /**
   * Says whether the score counts as higher-better: accuracies and F1 scores; error rates (WER,
   * CER, MCD) are lower-better.
   *
   * @return true for accuracy-like metrics
   */
  public boolean higherIsBetter() {
    return metric.contains("accuracy") || metric.endsWith("f1");
  }

  /**
   * Returns the trainable share.
   *
   * @return {@code 100 * trainable / all}, in percent
   */
  public double trainablePercent() {
    return allParams == 0 ? 0 : 100.0 * trainableParams / allParams;
  }

  /**
   * Formats this row as CSV (no quoting needed: names have no commas).
   *
   * @return one line without a line break
   */
  public String toCsv() {
    return String.format(
        Locale.ROOT,
        "%s,%s,%s,%.4f,%d,%.4f,%.2f,%d,%s,%.4f",
        task,
        method,
        metric,
        score,
        trainableParams,
        trainablePercent(),
        trainSeconds,
        seed,
        learningRate,
        valScore);
  }
}
