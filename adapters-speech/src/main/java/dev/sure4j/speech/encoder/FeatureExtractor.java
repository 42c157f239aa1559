package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.LayerScope;
import dev.sure4j.adapters.nn.NamedBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The convolutional feature encoder ({@code feature_extractor}): a stack of {@link ConvLayerBlock}s
 * under {@code conv_layers.<i>} that turns 16 kHz samples into frames (20 ms hop for the standard
 * geometry).
 *
 * <p>Inputs: waveforms {@code [batch, samples]} and optionally the number of real samples per
 * utterance {@code [batch]} (int64). Output: features {@code [batch, conv_dim[-1], frames]}. With
 * lengths, the group norm of {@code feat_extract_norm = "group"} takes its statistics over each
 * utterance's real samples only, unless {@link #setGroupNormStatistics} says otherwise (see {@link
 * SpeechEncoder} for how this relates to Hugging Face).
 */
public final class FeatureExtractor extends NamedBlock {

  private static final byte VERSION = 1;

  private final ModuleList<ConvLayerBlock> convLayers;
  private final boolean groupNorm;
  private GroupNormStatistics statistics = GroupNormStatistics.REAL_SAMPLES;

  /**
   * Creates the feature extractor of a config.
   *
   * @param config the encoder config ({@code conv_dim}, {@code conv_kernel}, {@code conv_stride},
   *     {@code conv_bias}, {@code feat_extract_norm})
   */
  public FeatureExtractor(EncoderConfig config) {
    super(VERSION);
    groupNorm = config.featExtractNorm() == EncoderConfig.FeatExtractNorm.GROUP;
    List<ConvLayerBlock> layers = new ArrayList<>();
    int in = 1;
    for (int i = 0; i < config.convDim().size(); i++) {
      ConvLayerBlock.Norm norm;
      if (groupNorm) {
        norm = i == 0 ? ConvLayerBlock.Norm.GROUP : ConvLayerBlock.Norm.NONE;
      } else {
        norm = ConvLayerBlock.Norm.LAYER;
      }
      int out = config.convDim().get(i);
      layers.add(
          new ConvLayerBlock(
              in,
              out,
              config.convKernel().get(i),
              config.convStride().get(i),
              config.convBias(),
              norm));
      in = out;
    }
    convLayers = addNamed("conv_layers", new ModuleList<>(layers));
  }

  /**
   * Chooses the positions the group norm takes its statistics over in padded batches.
   *
   * @param statistics the choice; {@link GroupNormStatistics#REAL_SAMPLES} by default
   */
  public void setGroupNormStatistics(GroupNormStatistics statistics) {
    this.statistics = Objects.requireNonNull(statistics, "statistics");
  }

  /**
   * Returns the positions the group norm takes its statistics over in padded batches.
   *
   * @return the choice
   */
  public GroupNormStatistics groupNormStatistics() {
    return statistics;
  }

  /**
   * Returns the convolution layers.
   *
   * @return layers in order
   */
  public List<ConvLayerBlock> convLayers() {
    return convLayers.blocks();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray wave = inputs.get(0);
    long[] lengths = inputs.size() > 1 ? inputs.get(1).toLongArray() : null;
    NDArray x = wave.expandDims(1);
    for (int i = 0; i < convLayers.blocks().size(); i++) {
      ConvLayerBlock layer = convLayers.blocks().get(i);
      NDList in = new NDList(x);
      if (lengths != null) {
        for (int b = 0; b < lengths.length; b++) {
          lengths[b] = layer.outputLength(lengths[b]);
        }
        if (groupNorm && i == 0 && statistics == GroupNormStatistics.REAL_SAMPLES) {
          long time = layer.outputLength(x.getShape().get(2));
          in.add(FrameMasks.of(x.getManager(), lengths, time));
        }
      }
      // each layer's intermediates are freed when it returns, and its input once consumed (the
      // first input is a view of the waveforms, not the caller's array): only its output stays
      x = LayerScope.consume(in, l -> layer.forward(store, l, training)).singletonOrThrow();
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = new Shape(inputShapes[0].get(0), 1, inputShapes[0].get(1));
    for (ConvLayerBlock l : convLayers.blocks()) {
      s = l.getOutputShapes(new Shape[] {s})[0];
    }
    return new Shape[] {s};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = new Shape(inputShapes[0].get(0), 1, inputShapes[0].get(1));
    for (ConvLayerBlock l : convLayers.blocks()) {
      l.initialize(manager, dataType, s);
      s = l.getOutputShapes(new Shape[] {s})[0];
    }
  }
}
