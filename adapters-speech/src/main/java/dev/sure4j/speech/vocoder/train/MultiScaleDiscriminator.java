package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference {@code MultiScaleDiscriminator}: three {@link ScaleDiscriminator}s ({@code
 * discriminators.0} spectral-normed, the others weight-normed), the first on the waveform, each
 * next one on the previous input average-pooled by {@code AvgPool1d(4, 2, padding=2)} (padding
 * counted in the mean, as PyTorch's default). Input: waveforms {@code [batch, 1, samples]}.
 */
public final class MultiScaleDiscriminator extends JudgingBlock {

  private static final int SCALES = 3;

  private final ModuleList<ScaleDiscriminator> discriminators;

  /**
   * Creates the discriminator.
   *
   * @param geometry the width (the periods are not used)
   */
  public MultiScaleDiscriminator(DiscriminatorGeometry geometry) {
    List<ScaleDiscriminator> list = new ArrayList<>();
    for (int i = 0; i < SCALES; i++) {
      list.add(new ScaleDiscriminator(geometry.widthDivisor(), i == 0));
    }
    discriminators = addNamed("discriminators", new ModuleList<>(list));
  }

  /**
   * Judges a batch of waveforms at every scale. The spectral-normed first scale runs one power
   * iteration per call, so judging {@code y} and then {@code y_hat} in two calls repeats the
   * reference, which calls each scale on {@code y} and then on {@code y_hat}.
   *
   * @param store the parameter store of the pass
   * @param wave {@code [batch, 1, samples]}
   * @param training whether this is a training pass
   * @return one judgement per scale
   */
  @Override
  public List<Judgement> judgements(ParameterStore store, NDArray wave, boolean training) {
    List<Judgement> out = new ArrayList<>();
    NDArray x = wave;
    for (int i = 0; i < discriminators.blocks().size(); i++) {
      if (i > 0) {
        x = Pool.avgPool1d(x, new Shape(4), new Shape(2), new Shape(2), false, true);
      }
      out.add(discriminators.blocks().get(i).judge(store, x, training));
    }
    return out;
  }

  @Override
  List<? extends Block> parts() {
    return discriminators.blocks();
  }
}
