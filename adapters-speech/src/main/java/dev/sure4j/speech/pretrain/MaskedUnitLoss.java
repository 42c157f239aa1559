package dev.sure4j.speech.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * HuBERT's masked-prediction loss: the cross-entropy of the unit logits, averaged over the masked
 * frames of the batch (padded frames are never masked, so never counted).
 *
 * <p>Labels: units {@code [batch, frames]} (integers in {@code [0, K)}; any value on padded frames)
 * and the frame mask {@code [batch, frames]} (1 = masked). Predictions: logits {@code [batch,
 * frames, K]} first (the outputs of {@link MaskedPredictionModel}). Returns a scalar, in nats.
 */
public final class MaskedUnitLoss extends Loss {

  /** Creates the loss, named {@code masked_unit_ce}. */
  public MaskedUnitLoss() {
    super("masked_unit_ce");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.get(0);
    int k = Math.toIntExact(logits.getShape().get(2));
    NDArray units = labels.get(0).toType(DataType.INT32, false);
    NDArray masked = labels.get(1).toType(DataType.FLOAT32, false);
    NDArray logp = logits.logSoftmax(-1);
    NDArray picked = logp.mul(units.oneHot(k).toType(DataType.FLOAT32, false)).sum(new int[] {-1});
    NDArray count = masked.sum().maximum(1f);
    return picked.mul(masked).sum().neg().div(count);
  }

  /**
   * Counts the masked frames whose most likely unit is the label.
   *
   * @param logits {@code [batch, frames, K]}
   * @param units {@code [batch, frames]} labels
   * @param masked {@code [batch, frames]}, 1 = masked
   * @return {@code {correct, masked}}
   */
  public static long[] correctAndCount(NDArray logits, NDArray units, NDArray masked) {
    NDArray hit =
        logits
            .argMax(-1)
            .toType(DataType.INT64, false)
            .eq(units.toType(DataType.INT64, false))
            .toType(DataType.FLOAT32, false)
            .mul(masked.toType(DataType.FLOAT32, false));
    return new long[] {
      Math.round(hit.sum().getFloat()),
      Math.round(masked.toType(DataType.FLOAT32, false).sum().getFloat())
    };
  }
}
