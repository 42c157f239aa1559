package dev.sure4j.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The non-linearities an adapter may use between its down- and up-projection. */
public enum AdapterActivation {
  /** max(0, x), the SURE reference choice. */
  RELU,
  /** The exact (erf) Gaussian error linear unit. */
  GELU,
  /** The hyperbolic tangent. */
  TANH,
  /** x * sigmoid(x). */
  SWISH;

  /**
   * Applies this activation element-wise.
   *
   * @param x any shape
   * @return same shape as {@code x}
   */
  public NDArray apply(NDArray x) {
    switch (this) {
      case RELU:
        return Activation.relu(x);
      case GELU:
        return Activation.gelu(x);
      case TANH:
        return Activation.tanh(x);
      case SWISH:
        return Activation.swish(x, 1f);
      default:
        throw new IllegalStateException("unknown activation " + this);
    }
  }
}
