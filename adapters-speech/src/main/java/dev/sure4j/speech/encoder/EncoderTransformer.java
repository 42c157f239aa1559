package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.FrozenStages;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.LayerScope;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The transformer part of the encoder (Hugging Face {@code encoder}): {@code pos_conv_embed},
 * {@code layer_norm} and {@code layers} (a core {@link TransformerEncoder} whose injection points
 * sit at {@code encoder.layers.<i>}).
 *
 * <p>Post-LN ({@code do_stable_layer_norm = false}): {@code x + pos_conv(x) -> layer_norm ->
 * dropout -> layers}. Pre-LN: {@code x + pos_conv(x) -> dropout -> layers -> layer_norm}. In
 * training, each layer is skipped with probability {@code layerdrop}.
 *
 * <p>Inputs: {@code x [batch, frames, D]} (padded frames already zero) and optionally the frame
 * mask {@code [batch, frames]} (1 = real frame) for attention. Output: the {@code L + 1} hidden
 * states of Hugging Face's {@code output_hidden_states}, each {@code [batch, frames, D]}: the input
 * of the first layer, then each layer's output; for pre-LN the last one is after the final layer
 * norm (so it equals {@code last_hidden_state}).
 */
public final class EncoderTransformer extends NamedBlock {

  private static final byte VERSION = 1;

  private final ConvolutionalPositionalEmbedding posConvEmbed;
  private final LayerNormBlock layerNorm;
  private final TransformerEncoder layers;
  private final boolean preNorm;
  private final float dropout;
  private final float layerdrop;

  /**
   * Creates the transformer of a config.
   *
   * @param config the encoder config
   */
  public EncoderTransformer(EncoderConfig config) {
    super(VERSION);
    posConvEmbed = addNamed("pos_conv_embed", new ConvolutionalPositionalEmbedding(config));
    layerNorm =
        addNamed("layer_norm", new LayerNormBlock(config.hiddenSize(), config.layerNormEps()));
    layers =
        addNamed(
            "layers",
            new TransformerEncoder(
                config.transformerLayerConfig(),
                config.numHiddenLayers(),
                "encoder.layers",
                false));
    preNorm = config.doStableLayerNorm();
    dropout = config.hiddenDropout();
    layerdrop = config.layerdrop();
  }

  /**
   * Returns the layer stack, which declares the injection points.
   *
   * @return {@code layers}
   */
  public TransformerEncoder layers() {
    return layers;
  }

  /**
   * Returns the convolutional positional embedding, whose {@code conv} is an injection point.
   *
   * @return {@code pos_conv_embed}
   */
  public ConvolutionalPositionalEmbedding posConvEmbed() {
    return posConvEmbed;
  }

  /**
   * Returns the stages of this block in forward order, as {@link SpeechEncoder} counts them for
   * {@link FrozenStages}: {@code pos_conv_embed}, {@code layer_norm} (post-LN), each layer, {@code
   * layer_norm} (pre-LN).
   *
   * @return the blocks
   */
  List<Block> stages() {
    List<Block> stages = new ArrayList<>();
    stages.add(posConvEmbed);
    if (!preNorm) {
      stages.add(layerNorm);
    }
    stages.addAll(layers.layers());
    if (preNorm) {
      stages.add(layerNorm);
    }
    return stages;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    // on its own, this block cannot know whether its input carries a gradient: nothing is cut
    return forward(store, inputs, training, params, FrozenStages.pass(0));
  }

  /**
   * Runs the block, telling {@code pass} each stage's output in the order of {@link #stages()}.
   *
   * @param store the parameter store of this pass
   * @param inputs as {@link #forward(ParameterStore, NDList, boolean, PairList)}
   * @param training whether this is a training pass
   * @param params extra parameters, passed to the layers
   * @param pass the encoder's pass, which cuts the outputs of the frozen stages at the bottom
   * @return the {@code L + 1} hidden states
   */
  NDList forward(
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params,
      FrozenStages.Pass pass) {
    NDArray x = inputs.get(0);
    // every step below runs in a layer scope: its intermediates are freed when it returns
    x =
        pass.after(
            LayerScope.run(
                x,
                in ->
                    in.add(
                        posConvEmbed.forward(store, new NDList(in), training).singletonOrThrow())));
    if (!preNorm) {
      x = pass.after(LayerScope.consume(x, in -> norm(store, in, training)));
    }
    if (training && dropout > 0) {
      x = LayerScope.consume(x, in -> Dropout.dropout(in, dropout, true).singletonOrThrow());
    }
    NDList states = new NDList(x);
    for (TransformerLayer layer : layers.layers()) {
      boolean skip =
          training && layerdrop > 0 && ThreadLocalRandom.current().nextFloat() < layerdrop;
      if (skip) {
        pass.skip();
      } else {
        NDList in = new NDList(x);
        if (inputs.size() > 1) {
          in.add(inputs.get(1));
        }
        x =
            pass.after(
                LayerScope.run(in, l -> layer.forward(store, l, training, params))
                    .singletonOrThrow());
      }
      states.add(x);
    }
    if (preNorm) {
      // the last layer's output is replaced by its norm, unless it is also the state below
      // (the last layer skipped by layerdrop)
      int last = states.size() - 1;
      UnaryOperator<NDArray> finalNorm = in -> norm(store, in, training);
      boolean shared = states.get(last - 1) == x;
      states.set(
          last,
          pass.after(shared ? LayerScope.run(x, finalNorm) : LayerScope.consume(x, finalNorm)));
    }
    return states;
  }

  private NDArray norm(ParameterStore store, NDArray x, boolean training) {
    return layerNorm.forward(store, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] out = new Shape[layers.layers().size() + 1];
    Arrays.fill(out, inputShapes[0]);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    posConvEmbed.initialize(manager, dataType, inputShapes[0]);
    layerNorm.initialize(manager, dataType, inputShapes[0]);
    layers.initialize(manager, dataType, inputShapes[0]);
  }
}
