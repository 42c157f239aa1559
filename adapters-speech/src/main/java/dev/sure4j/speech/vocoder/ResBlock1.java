package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.List;

/**
 * HiFi-GAN's {@code ResBlock1}: for each of three dilations {@code d}, {@code x += conv2(lrelu(
 * conv1_d(lrelu(x))))}, where {@code convs1.N} is dilated by {@code d} and {@code convs2.N} is not.
 *
 * <p>Input and output {@code [batch, channels, samples]}.
 */
final class ResBlock1 extends ResBlock {

  private final ModuleList<AdaptableConv1d> convs1;
  private final ModuleList<AdaptableConv1d> convs2;

  /**
   * Creates the block.
   *
   * @param channels input and output channels
   * @param kernel the kernel size, odd
   * @param dilations the three dilations of {@code convs1}
   */
  ResBlock1(int channels, int kernel, List<Integer> dilations) {
    convs1 = addNamed("convs1", convs(channels, kernel, dilations));
    convs2 = addNamed("convs2", convs(channels, kernel, dilations.stream().map(d -> 1).toList()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (int i = 0; i < convs1.blocks().size(); i++) {
      NDArray t = leakyConv(store, convs1.blocks().get(i), x, training);
      x = leakyConv(store, convs2.blocks().get(i), t, training).add(x);
    }
    return new NDList(x);
  }
}
