package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.nn.LayerScope;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The padding of a batch of utterances: lengths from the encoder's second input, length masks, and
 * the zeroing of padded frames. Each leaves only its result with the caller's manager.
 */
final class FrameMasks {

  private FrameMasks() {}

  /**
   * Reads the real samples per utterance from lengths or a sample mask.
   *
   * @param lengthsOrMask lengths {@code [batch]} or a sample mask {@code [batch, samples]} (1 =
   *     real sample, right padding only)
   * @param batch the batch size
   * @param samples the padded samples per utterance
   * @return real samples per utterance
   */
  static long[] lengths(NDArray lengthsOrMask, long batch, long samples) {
    Shape shape = lengthsOrMask.getShape();
    if (shape.dimension() == 1) {
      long[] lengths = lengthsOrMask.toType(DataType.INT64, false).toLongArray();
      checkArgument(lengths.length == batch, "%s lengths for a batch of %s", lengths.length, batch);
      return lengths;
    }
    checkArgument(
        shape.equals(new Shape(batch, samples)),
        "the second input must be lengths [batch] or a sample mask [batch, samples] = [%s, %s],"
            + " got %s",
        batch,
        samples,
        shape);
    try (NDManager scope = lengthsOrMask.getManager().newSubManager()) {
      lengthsOrMask.tempAttach(scope);
      NDArray mask = lengthsOrMask.toType(DataType.INT64, false);
      long[] lengths = mask.sum(new int[] {1}).toLongArray();
      NDArray prefix = of(scope, lengths, samples).toType(DataType.INT64, false);
      checkArgument(
          prefix.contentEquals(mask),
          "the sample mask must be ones followed by zeros in every row (right padding)");
      return lengths;
    }
  }

  /**
   * Makes a mask {@code [batch, time]} float32 with 1 for positions below each length.
   *
   * @param manager the manager of the result
   * @param lengths real positions per row
   * @param time the padded length
   * @return the mask
   */
  static NDArray of(NDManager manager, long[] lengths, long time) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray positions = scope.arange(0, time, 1, DataType.INT64).expandDims(0);
      NDArray limits = scope.create(lengths).expandDims(1);
      NDArray mask = positions.lt(limits).toType(DataType.FLOAT32, false);
      mask.attach(manager);
      return mask;
    }
  }

  /**
   * Zeroes the padded frames of one array.
   *
   * @param x {@code [batch, frames, D]}
   * @param mask the frame mask {@code [batch, frames]}
   * @param consume whether {@code x} is the caller's intermediate, to be closed
   * @return {@code x} with padded frames zero, attached to the manager of {@code x}
   */
  static NDArray zeroPadding(NDArray x, NDArray mask, boolean consume) {
    try (NDArray m3 = mask.expandDims(2)) {
      return consume
          ? LayerScope.consume(x, in -> in.mul(m3))
          : LayerScope.run(x, in -> in.mul(m3));
    }
  }

  /**
   * Zeroes the padded frames of every state in place, closing the unmasked ones (a state may appear
   * twice, when layerdrop skipped a layer).
   *
   * @param states hidden states {@code [batch, frames, D]}, the encoder's own
   * @param mask the frame mask {@code [batch, frames]}
   */
  static void zeroPadding(NDList states, NDArray mask) {
    Map<NDArray, NDArray> masked = new IdentityHashMap<>();
    try (NDArray m3 = mask.expandDims(2)) {
      for (int i = 0; i < states.size(); i++) {
        states.set(i, masked.computeIfAbsent(states.get(i), s -> s.mul(m3)));
      }
    }
    masked.keySet().forEach(NDArray::close);
  }
}
