package dev.sure4j.adapters;

/**
 * The spec of an adapter that sits at a residual site as {@code x + branch(layer_norm?(x))}, the
 * bottleneck adapter and the ConvAdapter: adds the two choices they share to {@link AdapterSpec}.
 */
public interface ResidualAdapterSpec extends AdapterSpec {

  /**
   * Tells whether a layer norm over the hidden size {@code D} precedes the branch.
   *
   * @return true when the input is layer-normalised first ({@code 2 D} more parameters)
   */
  boolean layerNorm();

  /**
   * Returns how the branch starts.
   *
   * @return {@code SEED} (all random) or {@code IDENTITY} (the last projection at zero, so the
   *     adapter starts as the identity)
   */
  AdapterInit init();

  /**
   * Returns the branch's bottleneck width for a host of hidden size {@code hidden}.
   *
   * @param hidden the host hidden size {@code D}
   * @return the width {@code w}, at least 1
   * @throws IllegalArgumentException when the spec gives no valid width for this size
   */
  int widthFor(int hidden);
}
