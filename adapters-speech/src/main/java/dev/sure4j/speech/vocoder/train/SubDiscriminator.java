package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link NormedConv} layers, each followed by leaky ReLU 0.1, then {@code conv_post}:
 * the common body of the reference {@code DiscriminatorP} and {@code DiscriminatorS}. Parameter
 * paths: {@code convs.N.*}, {@code conv_post.*}.
 */
abstract class SubDiscriminator extends JudgingBlock {

  /** The slope of the leaky ReLU after every layer but the last. */
  static final float LRELU_SLOPE = 0.1f;

  private final ModuleList<NormedConv> convs;
  private final NormedConv convPost;

  /**
   * Creates the stack.
   *
   * @param layers the convolutions
   * @param post the last convolution, to one channel
   */
  SubDiscriminator(List<NormedConv> layers, NormedConv post) {
    convs = addNamed("convs", new ModuleList<>(layers));
    convPost = addNamed("conv_post", post);
  }

  /**
   * Shapes a waveform batch for the first layer.
   *
   * @param wave {@code [batch, 1, samples]}
   * @return the first layer's input
   */
  abstract NDArray shape(NDArray wave);

  /**
   * Runs the discriminator.
   *
   * @param store the parameter store of the pass
   * @param wave {@code [batch, 1, samples]}
   * @param training whether this is a training pass
   * @return the score and the feature maps
   */
  Judgement judge(ParameterStore store, NDArray wave, boolean training) {
    NDArray x = shape(wave);
    List<NDArray> fmap = new ArrayList<>();
    for (NormedConv c : convs.blocks()) {
      x = Activation.leakyRelu(run(store, c, x, training), LRELU_SLOPE);
      fmap.add(x);
    }
    x = run(store, convPost, x, training);
    fmap.add(x);
    return new Judgement(x.reshape(x.getShape().get(0), -1), fmap);
  }

  private static NDArray run(ParameterStore store, NormedConv c, NDArray x, boolean training) {
    return c.forward(store, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public List<Judgement> judgements(ParameterStore store, NDArray wave, boolean training) {
    return List.of(judge(store, wave, training));
  }

  @Override
  List<? extends Block> parts() {
    List<Block> all = new ArrayList<>(convs.blocks());
    all.add(convPost);
    return all;
  }
}
