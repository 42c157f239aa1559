package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.encoder.Conv1dBlock;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.List;

/**
 * HiFi-GAN's {@code ResBlock1}: for each of three dilations {@code d}, {@code x += conv2(lrelu(
 * conv1_d(lrelu(x))))}, where {@code convs1.N} is dilated by {@code d} and {@code convs2.N} is not;
 * every convolution keeps the length ({@code padding = d (kernel - 1) / 2}).
 *
 * <p>Input and output {@code [batch, channels, samples]}.
 */
final class ResBlock1 extends NamedBlock {

  private static final byte VERSION = 1;

  private final ModuleList<Conv1dBlock> convs1;
  private final ModuleList<Conv1dBlock> convs2;

  /**
   * Creates the block.
   *
   * @param channels input and output channels
   * @param kernel the kernel size, odd
   * @param dilations the three dilations of {@code convs1}
   */
  ResBlock1(int channels, int kernel, List<Integer> dilations) {
    super(VERSION);
    convs1 = addNamed("convs1", ResBlocks.convs(channels, kernel, dilations));
    convs2 =
        addNamed(
            "convs2", ResBlocks.convs(channels, kernel, dilations.stream().map(d -> 1).toList()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (int i = 0; i < convs1.blocks().size(); i++) {
      NDArray t = ResBlocks.leakyConv(store, convs1.blocks().get(i), x, training);
      x = ResBlocks.leakyConv(store, convs2.blocks().get(i), t, training).add(x);
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    ResBlocks.initialize(convs1, manager, dataType, inputShapes[0]);
    ResBlocks.initialize(convs2, manager, dataType, inputShapes[0]);
  }
}
