package dev.sure4j.examples;

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
