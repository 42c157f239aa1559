package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.vocoder.HifiGanGenerator;

/**
 * Everything a vocoder checkpoint holds, under the names of the reference checkpoints: {@code
 * generator.*}, {@code mpd.*}, {@code msd.*} (the spectral-norm vectors {@code weight_u} included).
 * It is not run; its parts are.
 */
final class VocoderGan extends NamedBlock {

  private static final byte VERSION = 1;

  VocoderGan(
      HifiGanGenerator generator, MultiPeriodDiscriminator mpd, MultiScaleDiscriminator msd) {
    super(VERSION);
    addNamed("generator", generator);
    addNamed("mpd", mpd);
    addNamed("msd", msd);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("the generator and discriminators run on their own");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("the generator and discriminators run on their own");
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // the parts are initialised on their own
  }
}
