package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.List;

/**
 * HiFi-GAN's {@code ResBlock2}: for each of two dilations {@code d}, {@code x += conv_d(lrelu(x))}
 * with {@code convs.N} dilated by {@code d}.
 *
 * <p>Input and output {@code [batch, channels, samples]}.
 */
final class ResBlock2 extends ResBlock {

  private final ModuleList<AdaptableConv1d> convs;

  /**
   * Creates the block.
   *
   * @param channels input and output channels
   * @param kernel the kernel size, odd
   * @param dilations the two dilations
   */
  ResBlock2(int channels, int kernel, List<Integer> dilations) {
    convs = addNamed("convs", convs(channels, kernel, dilations));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (AdaptableConv1d c : convs.blocks()) {
      x = leakyConv(store, c, x, training).add(x);
    }
    return new NDList(x);
  }
}
