package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One transformer encoder layer, post-LN or pre-LN, with a residual site after attention and after
 * the feed-forward block. Attention and feed-forward are pluggable: by default a prefix-capable
 * {@link SelfAttention} and the linear {@link FeedForward}; any block that maps {@code [batch,
 * frames, D]} to the same shape can serve as feed-forward (a convolutional one, for example), and
 * any block that takes {@code [batch, frames, D]} and an optional mask {@code [batch, frames]} as
 * attention. Injection points are whatever host blocks the layer holds, found by walking it.
 *
 * <p>Post-LN: {@code h = layer_norm(h + dropout(attention(h)))}, {@code post_attention}, {@code h =
 * final_layer_norm(h + feed_forward(h))}, {@code post_ffn}. Pre-LN: {@code h = h +
 * dropout(attention(layer_norm(h)))}, {@code post_attention}, {@code h = h +
 * feed_forward(final_layer_norm(h))}, {@code post_ffn}. The {@code post_ffn} site is the last
 * operation of the layer, where SURE places its ConvAdapter and bottleneck adapter.
 *
 * <p>Inputs: {@code [batch, frames, D]} and optionally a mask {@code [batch, frames]}; output
 * {@code [batch, frames, D]}.
 */
public final class TransformerLayer extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final TransformerLayerConfig config;
  private final Block attention;
  private final LayerNormBlock layerNorm;
  private final Block feedForward;
  private final LayerNormBlock finalLayerNorm;
  private final ResidualSite postAttention;
  private final ResidualSite postFfn;

  /**
   * Creates a layer with the default self-attention and linear feed-forward block.
   *
   * @param config the geometry
   */
  public TransformerLayer(TransformerLayerConfig config) {
    this(
        config,
        new SelfAttention(config.hidden(), config.heads(), config.attentionDropout()),
        new FeedForward(
            config.hidden(),
            config.ffn(),
            config.activation(),
            config.activationDropout(),
            config.hiddenDropout()));
  }

  /**
   * Creates a layer with the given attention and feed-forward blocks (children {@code attention}
   * and {@code feed_forward}).
   *
   * @param config the geometry: hidden size, layer-norm placement and epsilon, hidden dropout
   * @param attention inputs {@code [batch, frames, D]} and optionally a mask {@code [batch,
   *     frames]}, output {@code [batch, frames, D]}
   * @param feedForward input {@code [batch, frames, D]} followed by the layer's mask {@code [batch,
   *     frames]} when the layer has one (a convolution over frames needs it to see zeros past each
   *     utterance's end), output {@code [batch, frames, D]}
   */
  public TransformerLayer(TransformerLayerConfig config, Block attention, Block feedForward) {
    super(VERSION);
    checkArgument(
        attention != null && feedForward != null, "attention and feed_forward are needed");
    this.config = config;
    int d = config.hidden();
    this.attention = addNamed("attention", attention);
    layerNorm = addNamed("layer_norm", new LayerNormBlock(d, config.layerNormEps()));
    this.feedForward = addNamed("feed_forward", feedForward);
    finalLayerNorm = addNamed("final_layer_norm", new LayerNormBlock(d, config.layerNormEps()));
    postAttention = addNamed("post_attention", new ResidualSite(d));
    postFfn = addNamed("post_ffn", new ResidualSite(d));
  }

  /**
   * Returns this layer's geometry.
   *
   * @return the config
   */
  public TransformerLayerConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.get(0);
    NDList maskTail = inputs.size() > 1 ? new NDList(inputs.get(1)) : new NDList();
    float drop = config.hiddenDropout();
    if (config.preNorm()) {
      NDArray a = one(layerNorm, store, h, training);
      a = attention.forward(store, withMask(a, maskTail), training).singletonOrThrow();
      h = h.add(FeedForward.dropout(a, drop, training));
      h = one(postAttention, store, h, training);
      NDArray f = one(finalLayerNorm, store, h, training);
      h = h.add(feedForward.forward(store, withMask(f, maskTail), training).singletonOrThrow());
      h = one(postFfn, store, h, training);
    } else {
      NDArray a = attention.forward(store, withMask(h, maskTail), training).singletonOrThrow();
      h = one(layerNorm, store, h.add(FeedForward.dropout(a, drop, training)), training);
      h = one(postAttention, store, h, training);
      NDArray f = feedForward.forward(store, withMask(h, maskTail), training).singletonOrThrow();
      h = one(finalLayerNorm, store, h.add(f), training);
      h = one(postFfn, store, h, training);
    }
    return new NDList(h);
  }

  private static NDList withMask(NDArray x, NDList maskTail) {
    NDList l = new NDList(x);
    l.addAll(maskTail);
    return l;
  }

  private static NDArray one(Block b, ParameterStore store, NDArray x, boolean training) {
    return b.forward(store, new NDList(x), training).singletonOrThrow();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    attention.initialize(manager, dataType, x);
    layerNorm.initialize(manager, dataType, x);
    feedForward.initialize(manager, dataType, x);
    finalLayerNorm.initialize(manager, dataType, x);
    postAttention.initialize(manager, dataType, x);
    postFfn.initialize(manager, dataType, x);
  }
}
