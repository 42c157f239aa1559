package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Pooling over the valid frames of each utterance: {@code [batch, frames, D] -> [batch, D]}. */
public enum Pooling {
  /** Mean over valid frames (SURE / Hugging Face {@code ForSequenceClassification}). */
  MEAN,
  /** Maximum over valid frames, per feature. */
  MAX;

  /**
   * Pools frames.
   *
   * @param x features {@code [batch, frames, D]}
   * @param mask {@code [batch, frames]}, non-zero = valid frame; null for all frames valid
   * @return pooled features {@code [batch, D]}; an utterance with no valid frame pools to 0
   */
  public NDArray apply(NDArray x, NDArray mask) {
    Shape s = x.getShape();
    checkArgument(s.dimension() == 3, "features must be [batch, frames, D], got %s", s);
    if (mask == null) {
      return this == MEAN ? x.mean(new int[] {1}) : x.max(new int[] {1});
    }
    Shape ms = mask.getShape();
    checkArgument(
        ms.dimension() == 2 && ms.get(0) == s.get(0) && ms.get(1) == s.get(1),
        "frame mask must be [batch=%s, frames=%s], got %s",
        s.get(0),
        s.get(1),
        ms);
    NDArray valid = mask.toType(DataType.BOOLEAN, false).toType(x.getDataType(), false);
    NDArray m3 = valid.expandDims(2);
    if (this == MEAN) {
      NDArray count = valid.sum(new int[] {1}, true).maximum(1f);
      return x.mul(m3).sum(new int[] {1}).div(count);
    }
    // masked frames get a very negative value so they never win the maximum
    NDArray filled = x.add(m3.sub(1f).mul(1e30f));
    NDArray any = valid.sum(new int[] {1}, true).gt(0f).toType(x.getDataType(), false);
    return filled.max(new int[] {1}).mul(any);
  }
}
