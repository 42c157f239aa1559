package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * The discriminator step of the reference {@code train.py} as a block: children {@code mpd} and
 * {@code msd}; input the recordings {@code y} and the generated waveforms {@code y_hat}, detached
 * from the generator (both {@code [batch, 1, samples]}); output {@code loss_disc_all}, the sum of
 * both {@link GanLosses#discriminatorLoss}es (a scalar).
 */
final class DiscriminatorObjective extends NamedBlock {

  private static final byte VERSION = 1;

  private final MultiPeriodDiscriminator mpd;
  private final MultiScaleDiscriminator msd;

  DiscriminatorObjective(MultiPeriodDiscriminator mpd, MultiScaleDiscriminator msd) {
    super(VERSION);
    this.mpd = addNamed("mpd", mpd);
    this.msd = addNamed("msd", msd);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray y = inputs.get(0);
    NDArray yHat = inputs.get(1);
    NDArray f =
        GanLosses.discriminatorLoss(
            mpd.judgements(store, y, training), mpd.judgements(store, yHat, training));
    NDArray s =
        GanLosses.discriminatorLoss(
            msd.judgements(store, y, training), msd.judgements(store, yHat, training));
    return new NDList(f.add(s));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape()};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    mpd.initialize(manager, dataType, inputShapes);
    msd.initialize(manager, dataType, inputShapes);
  }
}
