package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import java.util.List;

/**
 * A discriminator block: judges waveforms {@code [batch, 1, samples]}. As a DJL block its forward
 * returns the scores of {@link #judgements} ({@code [batch, n]} each); training code calls {@link
 * #judgements} for the feature maps too. Its parts have fixed parameter shapes, so any input shape
 * initialises it.
 */
public abstract class JudgingBlock extends NamedBlock {

  private static final byte VERSION = 1;

  /** Creates the block. */
  JudgingBlock() {
    super(VERSION);
  }

  /**
   * Judges a batch of waveforms.
   *
   * @param store the parameter store of the pass
   * @param wave {@code [batch, 1, samples]}
   * @param training whether this is a training pass
   * @return one judgement per sub-discriminator
   */
  public abstract List<Judgement> judgements(ParameterStore store, NDArray wave, boolean training);

  /**
   * Returns the blocks to initialise, in order.
   *
   * @return the parts
   */
  abstract List<? extends Block> parts();

  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList out = new NDList();
    for (Judgement j : judgements(store, inputs.singletonOrThrow(), training)) {
      out.add(j.score());
    }
    return out;
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("the output shapes depend on the input length");
  }

  @Override
  protected final void initializeChildBlocks(
      NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block b : parts()) {
      b.initialize(manager, dataType, inputShapes);
    }
  }
}
