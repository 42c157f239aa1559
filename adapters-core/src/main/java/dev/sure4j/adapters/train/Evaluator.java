package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * Accumulates named metrics over the evaluation batches. The engine calls {@link #reset()}, then
 * {@link #update} once per batch, then {@link #metrics()}. The arrays passed to {@link #update} are
 * closed after the call: copy what you keep to the Java heap.
 */
public interface Evaluator {

  /** Forgets everything accumulated so far. */
  void reset();

  /**
   * Adds one evaluation batch.
   *
   * @param predictions the model outputs for the batch (for example logits {@code [batch,
   *     classes]})
   * @param labels the batch labels
   */
  void update(NDList predictions, NDList labels);

  /**
   * Returns the metrics over every batch since {@link #reset()}.
   *
   * @return metric name to value; names must not be {@link TrainingConfig#EVAL_LOSS}
   */
  Map<String, Double> metrics();
}
