package dev.sure4j.speech.tasks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one task run produced: the test-split score of the best checkpoint and what it cost.
 *
 * @param task the task name
 * @param method the adaptation method's name ({@code LORA}, {@code HEAD_ONLY}, ...)
 * @param metric the reported metric ({@link SpeechTask#metric()})
 * @param score the test-split value of {@code metric}
 * @param testMetrics every test-split metric
 * @param validationMetric the best validation value of {@code metric}
 * @param trainableParams parameters that trained (adapter and head)
 * @param totalParams parameters of the model with the adapter and head
 * @param trainSeconds wall-clock seconds of training (evaluations included, test excluded)
 * @param steps optimizer steps taken
 * @param stoppedEarly whether early stopping ended training
 * @param skippedSteps updates dropped because their loss or gradients were not finite
 * @param adapterDir the saved adapter directory (with {@code task.json})
 */
public record TaskRun(
    String task,
    String method,
    String metric,
    double score,
    Map<String, Double> testMetrics,
    double validationMetric,
    long trainableParams,
    long totalParams,
    double trainSeconds,
    long steps,
    boolean stoppedEarly,
    long skippedSteps,
    Path adapterDir) {

  /** Copies the map. */
  public TaskRun {
    testMetrics = Map.copyOf(new LinkedHashMap<>(testMetrics));
  }

  /**
   * Returns the trainable share in percent.
   *
   * @return {@code 100 * trainable / total}
   */
  public double trainablePercent() {
    return totalParams == 0 ? 0 : 100.0 * trainableParams / totalParams;
  }

  /**
   * Returns the contents of {@code metrics.json}.
   *
   * @return ordered keys and values
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", task);
    m.put("method", method);
    m.put("metric", metric);
    m.put("score", score);
    m.put("test", new TreeMap<>(testMetrics));
    m.put("validation_" + metric, validationMetric);
    m.put("trainable_params", trainableParams);
    m.put("total_params", totalParams);
    m.put("trainable_pct", trainablePercent());
    m.put("train_seconds", trainSeconds);
    m.put("steps", steps);
    m.put("stopped_early", stoppedEarly);
    m.put("skipped_steps", skippedSteps);
    m.put("adapter", adapterDir.toString());
    return m;
  }
}
