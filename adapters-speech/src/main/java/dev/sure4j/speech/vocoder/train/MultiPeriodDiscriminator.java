package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference {@code MultiPeriodDiscriminator}: one {@link PeriodDiscriminator} per period,
 * {@code discriminators.N.*}. Input: waveforms {@code [batch, 1, samples]}.
 */
public final class MultiPeriodDiscriminator extends JudgingBlock {

  private final ModuleList<PeriodDiscriminator> discriminators;

  /**
   * Creates the discriminator.
   *
   * @param geometry the periods and width
   */
  public MultiPeriodDiscriminator(DiscriminatorGeometry geometry) {
    List<PeriodDiscriminator> list = new ArrayList<>();
    for (int p : geometry.periods()) {
      list.add(new PeriodDiscriminator(p, geometry.widthDivisor()));
    }
    discriminators = addNamed("discriminators", new ModuleList<>(list));
  }

  /**
   * Judges a batch of waveforms with every period, as the reference judges {@code y} (or {@code
   * y_hat}) in one call of its forward.
   *
   * @param store the parameter store of the pass
   * @param wave {@code [batch, 1, samples]}
   * @param training whether this is a training pass
   * @return one judgement per period
   */
  @Override
  public List<Judgement> judgements(ParameterStore store, NDArray wave, boolean training) {
    List<Judgement> out = new ArrayList<>();
    for (PeriodDiscriminator d : discriminators.blocks()) {
      out.add(d.judge(store, wave, training));
    }
    return out;
  }

  @Override
  List<? extends Block> parts() {
    return discriminators.blocks();
  }
}
