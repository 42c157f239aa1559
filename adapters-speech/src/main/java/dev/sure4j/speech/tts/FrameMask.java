package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * The padding mask of the forward pass running on this thread, shared by an {@link FftStack} and
 * the {@link ConvFeedForward} blocks of its layers.
 *
 * <p>Core's {@code TransformerLayer} hands its feed-forward block only the hidden states, but a
 * convolution over frames must see zeros beyond each utterance's end, as it does when the utterance
 * runs alone. The stack sets the mask around its layers; each convolutional FFN reads it. One
 * holder per stack; thread-confined, so concurrent forwards do not mix masks.
 */
final class FrameMask {

  private final ThreadLocal<NDArray> current = new ThreadLocal<>();

  /**
   * Sets the mask of the running forward pass.
   *
   * @param mask {@code [batch, frames]}, 1 for real frames and 0 for padding
   */
  void set(NDArray mask) {
    current.set(mask);
  }

  /** Clears the mask after the forward pass. */
  void clear() {
    current.remove();
  }

  /**
   * Returns the mask of the running forward pass.
   *
   * @return {@code [batch, frames]}, or empty outside a stack's forward pass
   */
  Optional<NDArray> get() {
    return Optional.ofNullable(current.get());
  }

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
