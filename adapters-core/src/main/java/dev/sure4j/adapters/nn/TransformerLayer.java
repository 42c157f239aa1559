package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.PointKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One wav2vec2/HuBERT encoder layer, post-LN or pre-LN, with every injection point of the SURE
 * methods.
 *
 * <p>Post-LN ({@code Wav2Vec2EncoderLayer}): {@code h = layer_norm(h + dropout(attention(h)))},
 * {@code post_attention}, {@code h = final_layer_norm(h + feed_forward(h))}, {@code post_ffn}.
 * Pre-LN ({@code Wav2Vec2EncoderLayerStableLayerNorm}): {@code h = h +
 * dropout(attention(layer_norm(h)))}, {@code post_attention}, {@code h = h +
 * feed_forward(final_layer_norm(h))}, {@code post_ffn}. The {@code post_ffn} site is the last
 * operation of the layer, where SURE places its ConvAdapter and bottleneck adapter.
 *
 * <p>Inputs: {@code [batch, frames, D]} and optionally a mask {@code [batch, frames]}; output
 * {@code [batch, frames, D]}.
 */
public final class TransformerLayer extends NamedBlock {

  private static final byte VERSION = 1;

  private final TransformerLayerConfig config;
  private final SelfAttention attention;
  private final LayerNormBlock layerNorm;
  private final FeedForward feedForward;
  private final LayerNormBlock finalLayerNorm;
  private final ResidualSite postAttention;
  private final ResidualSite postFfn;

  /**
   * Creates a layer.
   *
   * @param config the geometry
   */
  public TransformerLayer(TransformerLayerConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.hidden();
    attention =
        addNamed("attention", new SelfAttention(d, config.heads(), config.attentionDropout()));
    layerNorm = addNamed("layer_norm", new LayerNormBlock(d, config.layerNormEps()));
    feedForward =
        addNamed(
            "feed_forward",
            new FeedForward(
                d,
                config.ffn(),
                config.activation(),
                config.activationDropout(),
                config.hiddenDropout()));
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

  /**
   * Lists this layer's injection points.
   *
   * @param prefix the layer's module path, e.g. {@code encoder.layers.3}
   * @param layer the layer index
   * @return the points in a stable order
   */
  public List<InjectionPoint> injectionPoints(String prefix, int layer) {
    int d = config.hidden();
    List<InjectionPoint> points = new ArrayList<>();
    for (PointKind k :
        List.of(PointKind.Q_PROJ, PointKind.K_PROJ, PointKind.V_PROJ, PointKind.OUT_PROJ)) {
      points.add(
          new InjectionPoint(
              prefix + ".attention." + k.moduleName(), k, layer, attention.projection(k), d));
    }
    points.add(
        new InjectionPoint(
            prefix + ".feed_forward.intermediate_dense",
            PointKind.FFN_IN,
            layer,
            feedForward.intermediateDense(),
            d));
    points.add(
        new InjectionPoint(
            prefix + ".feed_forward.output_dense",
            PointKind.FFN_OUT,
            layer,
            feedForward.outputDense(),
            config.ffn()));
    points.add(
        new InjectionPoint(prefix + ".attention", PointKind.SELF_ATTENTION, layer, attention, d));
    points.add(
        new InjectionPoint(
            prefix + ".post_attention", PointKind.POST_ATTENTION, layer, postAttention, d));
    points.add(new InjectionPoint(prefix + ".post_ffn", PointKind.POST_FFN, layer, postFfn, d));
    return points;
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
      h = h.add(one(feedForward, store, one(finalLayerNorm, store, h, training), training));
      h = one(postFfn, store, h, training);
    } else {
      NDArray a = attention.forward(store, withMask(h, maskTail), training).singletonOrThrow();
      h = one(layerNorm, store, h.add(FeedForward.dropout(a, drop, training)), training);
      h = one(postAttention, store, h, training);
      h = one(finalLayerNorm, store, h.add(one(feedForward, store, h, training)), training);
      h = one(postFfn, store, h, training);
    }
    return new NDList(h);
  }

  private static NDList withMask(NDArray x, NDList maskTail) {
    NDList l = new NDList(x);
    l.addAll(maskTail);
    return l;
  }

  private static NDArray one(NamedBlock b, ParameterStore store, NDArray x, boolean training) {
    return b.forward(store, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
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
