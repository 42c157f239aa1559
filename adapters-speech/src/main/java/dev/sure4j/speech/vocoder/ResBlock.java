package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.SameShapeBlock;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * What HiFi-GAN's residual blocks share: length-keeping dilated convolutions, each preceded by a
 * leaky ReLU, whose outputs are added to the input.
 *
 * <p>Input and output {@code [batch, channels, samples]}.
 */
abstract sealed class ResBlock extends SameShapeBlock permits ResBlock1, ResBlock2 {

  /** HiFi-GAN's {@code LRELU_SLOPE}. */
  static final float LRELU_SLOPE = 0.1f;

  private static final byte VERSION = 1;

  ResBlock() {
    super(VERSION);
  }

  /**
   * Creates one length-keeping convolution per dilation, {@code channels -> channels}, with {@code
   * padding = d (kernel - 1) / 2} (HiFi-GAN's {@code get_padding}).
   */
  static ModuleList<AdaptableConv1d> convs(int channels, int kernel, List<Integer> dilations) {
    List<AdaptableConv1d> out = new ArrayList<>(dilations.size());
    for (int d : dilations) {
      out.add(
          AdaptableConv1d.builder()
              .setChannels(channels, channels)
              .setKernel(kernel)
              .optPadding(d * (kernel - 1) / 2)
              .optDilation(d)
              .optInjectionPoint(false)
              .build());
    }
    return new ModuleList<>(out);
  }

  /** Returns {@code conv(leaky_relu(x, 0.1))}, {@code [batch, channels, samples]}. */
  static NDArray leakyConv(ParameterStore store, Block conv, NDArray x, boolean training) {
    NDArray a = Activation.leakyRelu(x, LRELU_SLOPE);
    return conv.forward(store, new NDList(a), training).singletonOrThrow();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block list : namedChildren().values()) {
      for (Block conv : ((ModuleList<?>) list).blocks()) {
        conv.initialize(manager, dataType, inputShapes[0]);
      }
    }
  }
}
