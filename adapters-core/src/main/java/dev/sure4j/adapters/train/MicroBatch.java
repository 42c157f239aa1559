package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;

/**
 * One micro-batch for {@link TrainingEngine}: the model inputs and the loss's labels.
 *
 * @param data the model inputs, for example features {@code [batch, frames, hidden]} and a mask
 *     {@code [batch, frames]}
 * @param labels the labels the loss compares the outputs with
 */
public record MicroBatch(NDList data, NDList labels) {

  /** Checks that both lists are present. */
  public MicroBatch {
    checkArgument(data != null && labels != null, "data and labels must not be null");
  }
}
