package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.ResidualAdapterSpec;

/**
 * An adapter block {@code x + branch(layer_norm?(x))} at a residual site: input and output {@code
 * [batch, frames, D]}, with an optional child {@code layer_norm} over {@code D} ({@code weight} and
 * {@code bias}, {@code [D]} each) added before the branch's own parameters. The bottleneck adapter
 * and the ConvAdapter extend it.
 *
 * @param <S> the adapter's configuration
 */
public abstract class ResidualBranch<S extends ResidualAdapterSpec> extends SameShapeBlock {

  /** The adapter's configuration. */
  protected final S spec;

  private final LayerNormBlock layerNorm;

  /**
   * Creates the block and, when its configuration asks for one, its layer norm.
   *
   * @param version the block version
   * @param hidden the hidden size {@code D}
   * @param layerNormEps the layer norm's epsilon
   * @param spec the configuration
   */
  protected ResidualBranch(byte version, int hidden, float layerNormEps, S spec) {
    super(version);
    this.spec = spec;
    this.layerNorm =
        spec.layerNorm() ? addNamed("layer_norm", new LayerNormBlock(hidden, layerNormEps)) : null;
  }

  /**
   * Returns the branch's input: the hidden state, layer-normalised when the block has a layer norm.
   *
   * @param store the parameter store
   * @param inputs the hidden state {@code [batch, frames, D]}
   * @param training whether this is a training pass
   * @return {@code layer_norm(x)} or {@code x}, {@code [batch, frames, D]}
   */
  protected final NDArray branchInput(ParameterStore store, NDList inputs, boolean training) {
    return layerNorm == null
        ? inputs.singletonOrThrow()
        : layerNorm.forward(store, inputs, training).singletonOrThrow();
  }

  /**
   * Initialises the branch's own children, after the layer norm; none by default.
   *
   * @param manager the manager of the parameters
   * @param dataType their type
   * @param inputShapes the hidden state's shape {@code [batch, frames, D]}
   */
  protected void initializeBranch(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children by default
  }

  @Override
  protected final void initializeChildBlocks(
      NDManager manager, DataType dataType, Shape... inputShapes) {
    if (layerNorm != null) {
      layerNorm.initialize(manager, dataType, inputShapes);
    }
    initializeBranch(manager, dataType, inputShapes);
  }
}
