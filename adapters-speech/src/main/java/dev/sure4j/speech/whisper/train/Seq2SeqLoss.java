package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.nn.Ops;

/**
 * Token-level cross-entropy with PyTorch's definition: {@code
 * torch.nn.functional.cross_entropy(logits.reshape(-1, V), labels.reshape(-1), ignore_index=-100,
 * label_smoothing=eps)}.
 *
 * <p>With {@code p = log_softmax(logits)} and {@code N} the positions whose label is not {@value
 * WhisperTargets#IGNORE_INDEX}: {@code loss = (1 - eps) * mean_N(-p[label]) + eps * mean_N(-sum_c
 * p[c] / V)}, the mean over labelled tokens of the whole batch (not of the rows). Predictions:
 * logits {@code [B, T, V]}; labels: int64 {@code [B, T]}. A batch with no labelled position gives
 * NaN, which the engine skips as a non-finite loss.
 */
public final class Seq2SeqLoss extends Loss {

  private final float smoothing;

  /**
   * Creates the loss.
   *
   * @param labelSmoothing {@code eps} in {@code [0, 1)}, 0 for plain cross-entropy
   * @throws IllegalArgumentException outside {@code [0, 1)}
   */
  public Seq2SeqLoss(double labelSmoothing) {
    super("seq2seq_cross_entropy");
    checkArgument(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "label smoothing must be in [0, 1): %s",
        labelSmoothing);
    this.smoothing = (float) labelSmoothing;
  }

  /**
   * Returns the label smoothing.
   *
   * @return {@code eps}
   */
  public double labelSmoothing() {
    return smoothing;
  }

  /**
   * Computes the loss.
   *
   * @param labels int64 labels {@code [B, T]}
   * @param predictions logits {@code [B, T, V]}
   * @return the scalar mean over labelled tokens
   * @throws IllegalArgumentException when the shapes do not agree
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray target = labels.singletonOrThrow();
    checkArgument(
        logits.getShape().dimension() == 3
            && target.getShape().equals(logits.getShape().slice(0, 2)),
        "logits [B, T, V] and labels [B, T] do not agree: %s and %s",
        logits.getShape(),
        target.getShape());
    long vocab = logits.getShape().get(2);
    NDArray logp = logits.logSoftmax(-1);
    NDArray ignore = target.eq(WhisperTargets.IGNORE_INDEX);
    NDArray mask = ignore.logicalNot().toType(DataType.FLOAT32, false);
    NDArray index = target.mul(mask.toType(target.getDataType(), false)).expandDims(-1);
    NDArray picked = logp.gather(index, 2).squeeze(-1);
    NDArray count = mask.sum();
    NDArray nll = picked.mul(mask).sum().neg().div(count);
    if (smoothing == 0) {
      return nll;
    }
    NDArray uniform = Ops.over(logp.sum(new int[] {-1}).mul(mask).sum().neg().div(count), vocab);
    return Ops.times(nll, 1 - smoothing).add(Ops.times(uniform, smoothing));
  }
}
