package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.synthesis.TrainableMel;
import dev.sure4j.speech.vocoder.HifiGanGenerator;
import java.util.List;

/**
 * The generator step of the reference {@code train.py} as a block. Its one child is {@code
 * generator}, so only the generator trains with it; the discriminators are read, not trained.
 * Input: log-mel {@code [batch, nMels, frames]} and the recordings {@code [batch, 1, frames *
 * hop]}. Outputs (scalars): {@code loss_gen_all = loss_gen_s + loss_gen_f + loss_fm_s + loss_fm_f +
 * loss_mel}, then {@code loss_mel} divided by 45 (the mel L1), the feature-matching sum and the
 * adversarial sum.
 */
final class GeneratorObjective extends NamedBlock {

  private static final byte VERSION = 1;

  private final HifiGanGenerator generator;
  private final MultiPeriodDiscriminator mpd;
  private final MultiScaleDiscriminator msd;
  private final TrainableMel lossMel;

  GeneratorObjective(
      HifiGanGenerator generator,
      MultiPeriodDiscriminator mpd,
      MultiScaleDiscriminator msd,
      TrainableMel lossMel) {
    super(VERSION);
    this.generator = addNamed("generator", generator);
    this.mpd = mpd;
    this.msd = msd;
    this.lossMel = lossMel;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray y = inputs.get(1);
    NDArray yHat = generator.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray melLoss = GanLosses.melLoss(lossMel.logMel(y.squeeze(1)), lossMel.logMel(yHat));
    NDArray generated = yHat.expandDims(1);
    List<Judgement> fr = mpd.judgements(store, y, training);
    List<Judgement> fg = mpd.judgements(store, generated, training);
    List<Judgement> sr = msd.judgements(store, y, training);
    List<Judgement> sg = msd.judgements(store, generated, training);
    NDArray features = GanLosses.featureLoss(sr, sg).add(GanLosses.featureLoss(fr, fg));
    NDArray adversarial = GanLosses.generatorLoss(sg).add(GanLosses.generatorLoss(fg));
    NDArray total = adversarial.add(features).add(melLoss);
    return new NDList(
        total, melLoss.stopGradient().div(GanLosses.MEL_WEIGHT), features, adversarial);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(), new Shape(), new Shape(), new Shape()};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    generator.initialize(manager, dataType, inputShapes[0]);
  }
}
