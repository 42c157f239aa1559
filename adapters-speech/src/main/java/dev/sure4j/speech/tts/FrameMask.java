package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;

/** Zeroes the padded frames of a batch: the one masking step of the TTS blocks. */
final class FrameMask {

  private FrameMask() {}

  /**
   * Zeroes padded frames.
   *
   * @param x {@code [batch, frames, C]}
   * @param mask {@code [batch, frames]}, 1 for real frames
   * @return {@code x} with padded frames set to 0
   */
  static NDArray apply(NDArray x, NDArray mask) {
    return x.mul(mask.toType(x.getDataType(), false).expandDims(-1));
  }
}
