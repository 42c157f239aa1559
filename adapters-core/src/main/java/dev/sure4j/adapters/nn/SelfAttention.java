package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Multi-head self-attention (Hugging Face naming), with children {@code q_proj}, {@code k_proj},
 * {@code v_proj} and {@code out_proj} ({@link AdaptableLinear}, so each takes LoRA) and a prefix
 * site ({@link PrefixHost}): active prefix providers put their keys and values in front of the
 * projected ones.
 *
 * <p>Inputs: {@code x [batch, frames, D]} and optionally a mask {@code [batch, frames]} with 1 for
 * real frames and 0 for padding. Output: {@code [batch, frames, D]}. Prefix positions are visible
 * to every query.
 */
public final class SelfAttention extends ProjectedAttention {

  private static final byte VERSION = 1;

  private final float dropout;

  /**
   * Creates a self-attention block.
   *
   * @param hidden the hidden size {@code D}
   * @param heads the number of heads; must divide {@code D}
   * @param dropout dropout on the attention probabilities (Hugging Face {@code attention_dropout})
   */
  public SelfAttention(int hidden, int heads, float dropout) {
    super(VERSION, hidden, heads, true);
    this.dropout = dropout;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
    NDManager manager = x.getManager();
    long batch = x.getShape().get(0);
    long frames = x.getShape().get(1);

    NDArray q = qProj.forward(store, new NDList(x), training).singletonOrThrow();
    NDArray k = kProj.forward(store, new NDList(x), training).singletonOrThrow();
    NDArray v = vProj.forward(store, new NDList(x), training).singletonOrThrow();

    List<NDList> prefixes = activePrefixes(store, manager, training);
    long prefixLength = 0;
    if (!prefixes.isEmpty()) {
      NDList keys = new NDList();
      NDList values = new NDList();
      for (NDList kv : prefixes) {
        long p = kv.get(0).getShape().get(0);
        keys.add(kv.get(0).expandDims(0).broadcast(new Shape(batch, p, hidden)));
        values.add(kv.get(1).expandDims(0).broadcast(new Shape(batch, p, hidden)));
        prefixLength += p;
      }
      keys.add(k);
      values.add(v);
      k = NDArrays.concat(keys, 1);
      v = NDArrays.concat(values, 1);
    }
    long keyLength = frames + prefixLength;

    q = Ops.times(splitHeads(q, batch, frames), (float) (1.0 / Math.sqrt(headDim)));
    k = splitHeads(k, batch, keyLength);
    v = splitHeads(v, batch, keyLength);

    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, H, T, P+T]
    if (mask != null) {
      NDArray keyMask = mask.toType(scores.getDataType(), false);
      if (prefixLength > 0) {
        keyMask =
            manager.ones(new Shape(batch, prefixLength), scores.getDataType()).concat(keyMask, 1);
      }
      NDArray bias = keyMask.neg().add(1f).mul(Ops.MASK_VALUE).reshape(batch, 1, 1, keyLength);
      scores = scores.add(bias);
    }
    NDArray probs = scores.softmax(-1);
    if (training && dropout > 0) {
      probs = Dropout.dropout(probs, dropout, true).singletonOrThrow();
    }
    NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, frames, hidden);
    return outProj.forward(store, new NDList(context), training);
  }
}
