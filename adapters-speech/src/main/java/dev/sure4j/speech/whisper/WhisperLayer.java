package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.ResidualSite;
import dev.sure4j.adapters.nn.SameShapeBlock;

/**
 * One pre-LN Whisper layer ({@code WhisperEncoderLayer} or {@code WhisperDecoderLayer}), with the
 * Hugging Face children {@code self_attn}, {@code self_attn_layer_norm}, for a decoder layer {@code
 * encoder_attn} and {@code encoder_attn_layer_norm}, then {@code fc1}, {@code fc2} and {@code
 * final_layer_norm}.
 *
 * <p>{@code h += self_attn(self_attn_layer_norm(h))} (causal in the decoder), in the decoder {@code
 * h += encoder_attn(encoder_attn_layer_norm(h), encoder states)}, then {@code h +=
 * fc2(gelu(fc1(final_layer_norm(h))))}. States are {@code [batch, T, D]}.
 *
 * <p>Two residual sites ({@link ResidualSite}, no parameters, the identity until an adapter is
 * attached) carry bottleneck and ConvAdapter blocks, named as in the HuBERT layer: {@code
 * post_attention} right after the self-attention residual ({@code h += self_attn(...)}; in the
 * decoder before the cross-attention, which has no site), and {@code post_ffn} after the
 * feed-forward residual, the last operation of the layer. Whisper's layers are pre-LN, so {@code
 * post_ffn} is where SURE puts its ConvAdapter and bottleneck adapter in pre-LN ("stable layer
 * norm") layers: on the residual stream, after {@code h += fc2(...)}. The decoder's sites are
 * {@linkplain ResidualSite#causal() causal}: a decoder is decoded one position at a time, so it
 * takes the bottleneck (per position) but refuses the ConvAdapter (convolutions and a mean over
 * time).
 */
public final class WhisperLayer extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final boolean decoder;
  private final WhisperAttention selfAttn;
  private final LayerNormBlock selfAttnLayerNorm;
  private final WhisperAttention encoderAttn;
  private final LayerNormBlock encoderAttnLayerNorm;
  private final AdaptableLinear fc1;
  private final AdaptableLinear fc2;
  private final LayerNormBlock finalLayerNorm;
  private final ResidualSite postAttention;
  private final ResidualSite postFfn;

  /**
   * Creates a layer.
   *
   * @param hidden {@code d_model}
   * @param heads attention heads
   * @param ffn {@code encoder_ffn_dim} or {@code decoder_ffn_dim}
   * @param decoder true for a decoder layer (causal self-attention and cross-attention)
   */
  public WhisperLayer(int hidden, int heads, int ffn, boolean decoder) {
    super(VERSION);
    this.decoder = decoder;
    float eps = WhisperConfig.LAYER_NORM_EPS;
    selfAttn = addNamed("self_attn", new WhisperAttention(hidden, heads));
    selfAttnLayerNorm = addNamed("self_attn_layer_norm", new LayerNormBlock(hidden, eps));
    encoderAttn = decoder ? addNamed("encoder_attn", new WhisperAttention(hidden, heads)) : null;
    encoderAttnLayerNorm =
        decoder ? addNamed("encoder_attn_layer_norm", new LayerNormBlock(hidden, eps)) : null;
    fc1 = addNamed("fc1", new AdaptableLinear(hidden, ffn, true));
    fc2 = addNamed("fc2", new AdaptableLinear(ffn, hidden, true));
    finalLayerNorm = addNamed("final_layer_norm", new LayerNormBlock(hidden, eps));
    postAttention = addNamed("post_attention", new ResidualSite(hidden, decoder));
    postFfn = addNamed("post_ffn", new ResidualSite(hidden, decoder));
  }

  /**
   * Returns the cross-attention of a decoder layer.
   *
   * @return {@code encoder_attn}
   * @throws IllegalStateException for an encoder layer
   */
  public WhisperAttention encoderAttn() {
    if (encoderAttn == null) {
      throw new IllegalStateException("an encoder layer has no encoder_attn");
    }
    return encoderAttn;
  }

  /**
   * Runs an encoder layer.
   *
   * @param store the parameter store of the current pass
   * @param h {@code [batch, frames, D]}
   * @param training whether this is a training pass
   * @return {@code [batch, frames, D]}
   */
  public NDArray encode(ParameterStore store, NDArray h, boolean training) {
    NDArray a = Blocks.run(selfAttnLayerNorm, store, h, training);
    KeyValues kv = selfAttn.prefixedKeyValues(store, a, training);
    h = h.add(selfAttn.attend(store, a, kv, false, training));
    h = Blocks.run(postAttention, store, h, training);
    return feedForward(store, h, training);
  }

  /**
   * Runs a decoder layer on new positions, extending its self-attention cache.
   *
   * @param store the parameter store of the current pass
   * @param h the new positions {@code [batch, T, D]}
   * @param cache this layer's cache: keys and values of earlier positions (or none; the first entry
   *     starts with the self-attention's prefixes) and of the encoder states; its self-attention
   *     entry is replaced by one that includes the new positions
   * @param training whether this is a training pass
   * @return {@code [batch, T, D]}
   */
  public NDArray decode(
      ParameterStore store, NDArray h, WhisperDecoderCache.Layer cache, boolean training) {
    NDArray a = Blocks.run(selfAttnLayerNorm, store, h, training);
    KeyValues all =
        cache.self() == null
            ? selfAttn.prefixedKeyValues(store, a, training)
            : cache.self().append(selfAttn.keyValues(store, a, training));
    cache.setSelf(all);
    h = h.add(selfAttn.attend(store, a, all, true, training));
    h = Blocks.run(postAttention, store, h, training);
    a = Blocks.run(encoderAttnLayerNorm, store, h, training);
    h = h.add(encoderAttn.attend(store, a, cache.cross(), false, training));
    return feedForward(store, h, training);
  }

  private NDArray feedForward(ParameterStore store, NDArray h, boolean training) {
    NDArray f = Blocks.run(finalLayerNorm, store, h, training);
    f = Activation.gelu(Blocks.run(fc1, store, f, training));
    return Blocks.run(postFfn, store, h.add(Blocks.run(fc2, store, f, training)), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (decoder) {
      throw new UnsupportedOperationException("a decoder layer runs through WhisperDecoder");
    }
    return new NDList(encode(store, inputs.singletonOrThrow(), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    for (Block b : getChildren().values()) {
      b.initialize(manager, dataType, fc2 == b ? fc1.getOutputShapes(new Shape[] {x})[0] : x);
    }
  }
}
