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
 */
public record MethodResult(
    String task,
    String method,
    String metric,
    double score,
    long trainableParams,
    long allParams,
    double trainSeconds) {

  /** The CSV header, shared with the planned speech quickstart. */
  public static final String CSV_HEADER =
      "task,method,metric,score,trainable_params,trainable_pct,train_seconds";

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
        "%s,%s,%s,%.4f,%d,%.4f,%.2f",
        task,
        method,
        metric,
        score,
        trainableParams,
        trainablePercent(),
        trainSeconds);
  }
}
