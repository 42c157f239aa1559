package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fixed sinusoidal position table of the Transformer (ming024's {@code
 * get_sinusoid_encoding_table}): {@code pe[p, 2i] = sin(p / 10000^(2i / D))}, {@code pe[p, 2i + 1]
 * = cos(p / 10000^(2i / D))}.
 */
final class SinusoidalPositions {

  private SinusoidalPositions() {}

  /**
   * Returns the first positions of the table.
   *
   * @param manager where the table is created
   * @param frames the number of positions
   * @param dim {@code D}
   * @return {@code [frames, D]}
   */
  static NDArray table(NDManager manager, int frames, int dim) {
    checkArgument(frames >= 0 && dim > 0, "bad table size: frames=%s dim=%s", frames, dim);
    float[] pe = new float[frames * dim];
    for (int p = 0; p < frames; p++) {
      for (int j = 0; j < dim; j++) {
        double angle = p / Math.pow(10000, 2.0 * (j / 2) / dim);
        pe[p * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return manager.create(pe, new Shape(frames, dim));
  }
}
