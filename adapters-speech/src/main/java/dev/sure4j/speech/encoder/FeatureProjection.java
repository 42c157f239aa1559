package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * The feature projection ({@code feature_projection}): optional {@code layer_norm} over the
 * convolution channels, {@code projection} to the model width, dropout ({@code feat_proj_dropout}).
 *
 * <p>Input {@code [batch, frames, conv_dim[-1]]}; output {@code [batch, frames, hidden_size]}.
 */
public final class FeatureProjection extends NamedBlock {

  private static final byte VERSION = 1;

  private final LayerNormBlock layerNorm;
  private final AdaptableLinear projection;
  private final float dropout;

  /**
   * Creates the projection of a config.
   *
   * @param config the encoder config ({@code conv_dim}, {@code hidden_size}, {@code
   *     feat_proj_layer_norm}, {@code layer_norm_eps}, {@code feat_proj_dropout})
   */
  public FeatureProjection(EncoderConfig config) {
    super(VERSION);
    int in = config.convDim().get(config.convDim().size() - 1);
    layerNorm =
        config.featProjLayerNorm()
            ? addNamed("layer_norm", new LayerNormBlock(in, config.layerNormEps()))
            : null;
    projection = addNamed("projection", new AdaptableLinear(in, config.hiddenSize(), true));
    dropout = config.featProjDropout();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (layerNorm != null) {
      x = layerNorm.forward(store, new NDList(x), training).singletonOrThrow();
    }
    x = projection.forward(store, new NDList(x), training).singletonOrThrow();
    if (training && dropout > 0) {
      x = Dropout.dropout(x, dropout, true).singletonOrThrow();
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return projection.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (layerNorm != null) {
      layerNorm.initialize(manager, dataType, inputShapes[0]);
    }
    projection.initialize(manager, dataType, inputShapes[0]);
  }
}
