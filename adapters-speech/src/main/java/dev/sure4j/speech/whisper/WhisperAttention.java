package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.PrefixProvider;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.PrefixHost;
import dev.sure4j.adapters.nn.ProjectedAttention;
import java.util.List;

/**
 * Whisper's multi-head attention ({@code WhisperAttention}): children {@code k_proj} (no bias),
 * {@code v_proj}, {@code q_proj} and {@code out_proj}, each an {@link AdaptableLinear} that takes
 * LoRA. Queries are scaled by {@code head_dim^-0.5}.
 *
 * <p>Self-attention projects keys and values from its own input, cross-attention ({@code
 * encoder_attn}) from the encoder's states; {@link #keyValues} and {@link #attend} are the two
 * halves, so that a decoder can cache the keys and values ({@link KeyValues}). As a block: inputs
 * {@code x [batch, T, D]} and optionally {@code source [batch, S, D]} (default {@code x}), output
 * {@code [batch, T, D]}, no mask.
 *
 * <p>It is also a prefix site ({@link PrefixHost}, as HuBERT's self-attention): the active {@link
 * PrefixProvider}s' keys and values {@code [P, D]}, split into heads, stand in front of the
 * projected ones in {@link #prefixedKeyValues}, visible to every query (causal decoding included:
 * they come before the first position). Prefixes are shared by every row of a batch.
 */
public final class WhisperAttention extends ProjectedAttention {

  private static final byte VERSION = 1;

  /**
   * Creates the attention.
   *
   * @param hidden {@code d_model}
   * @param heads the head count; divides {@code hidden}
   */
  public WhisperAttention(int hidden, int heads) {
    super(VERSION, hidden, heads, false);
  }

  /**
   * Projects keys and values.
   *
   * @param store the parameter store of the current pass
   * @param source {@code [batch, S, D]}
   * @param training whether this is a training pass
   * @return keys and values {@code [batch, heads, S, head_dim]}
   */
  public KeyValues keyValues(ParameterStore store, NDArray source, boolean training) {
    long batch = source.getShape().get(0);
    long length = source.getShape().get(1);
    NDArray k = Blocks.run(kProj, store, source, training);
    NDArray v = Blocks.run(vProj, store, source, training);
    return new KeyValues(splitHeads(k, batch, length), splitHeads(v, batch, length));
  }

  /**
   * Projects keys and values and puts the active prefixes in front of them: what an encoder layer's
   * self-attention and a decoder layer's cross-attention attend to, and the first entry of a
   * decoder's self-attention cache.
   *
   * @param store the parameter store of the current pass
   * @param source {@code [batch, S, D]}
   * @param training whether this is a training pass
   * @return keys and values {@code [batch, heads, P + S, head_dim]}, {@code P} the active prefixes'
   *     total length (0 when none is active)
   */
  public KeyValues prefixedKeyValues(ParameterStore store, NDArray source, boolean training) {
    KeyValues kv = keyValues(store, source, training);
    List<NDList> prefixes = activePrefixes(store, source.getManager(), training);
    if (prefixes.isEmpty()) {
      return kv;
    }
    long batch = source.getShape().get(0);
    NDList keys = new NDList();
    NDList values = new NDList();
    for (NDList p : prefixes) {
      keys.add(prefixHeads(p.get(0), batch));
      values.add(prefixHeads(p.get(1), batch));
    }
    keys.add(kv.keys());
    values.add(kv.values());
    return new KeyValues(NDArrays.concat(keys, 2), NDArrays.concat(values, 2));
  }

  /** {@code [P, D]} to {@code [batch, heads, P, head_dim]}. */
  private NDArray prefixHeads(NDArray t, long batch) {
    long length = t.getShape().get(0);
    return splitHeads(t.expandDims(0), 1, length)
        .broadcast(new Shape(batch, heads, length, headDim));
  }

  /**
   * Attends from queries to keys and values.
   *
   * @param store the parameter store of the current pass
   * @param x the queries' input {@code [batch, T, D]}
   * @param kv keys and values {@code [batch, heads, S, head_dim]}
   * @param causal whether query {@code i} sees only keys up to {@code S - T + i} (decoder
   *     self-attention, where the last {@code T} keys belong to {@code x})
   * @param training whether this is a training pass
   * @return {@code [batch, T, D]}
   */
  public NDArray attend(
      ParameterStore store, NDArray x, KeyValues kv, boolean causal, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray q = Ops.times(Blocks.run(qProj, store, x, training), (float) Math.pow(headDim, -0.5));
    NDArray keysT = Ops.local(kv.keys().transpose(0, 1, 3, 2), x);
    NDArray scores = splitHeads(q, batch, length).matMul(keysT);
    long keys = kv.length();
    if (causal && length > 1) {
      scores = scores.add(causalBias(x.getManager(), length, keys));
    }
    // the scores and the weights are the largest arrays of an encoder layer ([batch, heads, 1500,
    // 1500]): each is freed as soon as it is used, not when the layer returns (safe in training
    // too:
    // autograd keeps its own references to what the backward pass reads, see LayerScope)
    NDArray weights = scores.softmax(-1);
    scores.close();
    NDArray mixed = weights.matMul(kv.values());
    weights.close();
    NDArray context = mixed.transpose(0, 2, 1, 3).reshape(batch, length, hidden);
    return Blocks.run(outProj, store, context, training);
  }

  private static NDArray causalBias(NDManager manager, long queries, long keys) {
    long past = keys - queries;
    float[] bias = new float[Math.toIntExact(queries * keys)];
    for (int i = 0; i < queries; i++) {
      for (long j = past + i + 1; j < keys; j++) {
        bias[Math.toIntExact(i * keys + j)] = Ops.MASK_VALUE;
      }
    }
    return manager.create(bias, new Shape(queries, keys));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray source = inputs.size() > 1 ? inputs.get(1) : x;
    return new NDList(
        attend(store, x, prefixedKeyValues(store, source, training), false, training));
  }
}
