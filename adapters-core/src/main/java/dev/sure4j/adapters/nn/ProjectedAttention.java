package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The part of multi-head attention that its forms share: the children {@code k_proj}, {@code
 * v_proj}, {@code q_proj} and {@code out_proj} (Hugging Face naming and order), each a square
 * {@link AdaptableLinear} {@code D -> D} that takes LoRA, the split of {@code D} into heads, and
 * the prefix site of {@link PrefixHost}. Subclasses attend.
 */
public abstract class ProjectedAttention extends PrefixHost {

  /** The hidden size {@code D}. */
  protected final int hidden;

  /** The number of heads {@code H}, dividing {@code D}. */
  protected final int heads;

  /** The size of a head, {@code D / H}. */
  protected final int headDim;

  /** The key projection. */
  protected final AdaptableLinear kProj;

  /** The value projection. */
  protected final AdaptableLinear vProj;

  /** The query projection. */
  protected final AdaptableLinear qProj;

  /** The output projection. */
  protected final AdaptableLinear outProj;

  /**
   * Creates the four projections.
   *
   * @param version the block version
   * @param hidden the hidden size {@code D}
   * @param heads the number of heads, dividing {@code D}
   * @param keyBias whether {@code k_proj} has a bias (the others always have one)
   * @throws IllegalArgumentException when {@code heads} does not divide {@code hidden}
   */
  protected ProjectedAttention(byte version, int hidden, int heads, boolean keyBias) {
    super(version);
    checkArgument(
        heads > 0 && hidden > 0 && hidden % heads == 0,
        "hidden size %s must be a positive multiple of the head count %s",
        hidden,
        heads);
    this.hidden = hidden;
    this.heads = heads;
    this.headDim = hidden / heads;
    kProj = addNamed("k_proj", new AdaptableLinear(hidden, hidden, keyBias));
    vProj = addNamed("v_proj", new AdaptableLinear(hidden, hidden, true));
    qProj = addNamed("q_proj", new AdaptableLinear(hidden, hidden, true));
    outProj = addNamed("out_proj", new AdaptableLinear(hidden, hidden, true));
  }

  /**
   * Returns the hidden size.
   *
   * @return {@code D}
   */
  @Override
  public int hidden() {
    return hidden;
  }

  /**
   * Splits projected states into heads.
   *
   * @param t {@code [batch, length, D]}
   * @param batch the batch size
   * @param length the sequence length
   * @return {@code [batch, H, length, D / H]}
   */
  protected NDArray splitHeads(NDArray t, long batch, long length) {
    return t.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (AdaptableLinear l : List.of(kProj, vProj, qProj, outProj)) {
      l.initialize(manager, dataType, inputShapes[0]);
    }
  }
}
