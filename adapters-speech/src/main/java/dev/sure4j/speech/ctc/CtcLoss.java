package dev.sure4j.speech.ctc;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Arrays;

/**
 * The CTC loss (Graves et al. 2006) written in DJL operations, so that its gradient comes from
 * autograd. Matches PyTorch's {@code torch.nn.functional.ctc_loss} (checked on fixtures, loss and
 * gradient).
 *
 * <p>The forward (alpha) recursion runs in log space over the blank-extended label sequence {@code
 * [blank, l1, blank, l2, ..., blank]} of length {@code 2S + 1}; each time step is one vectorised
 * update over the batch and all extended positions (a Java loop over time only). Log-sum-exp uses a
 * max shift; impossible states hold a large negative finite value ({@link #LOG_ZERO}) instead of
 * {@code -inf}, so no NaN reaches the gradient. An utterance whose alignment is impossible (too few
 * frames for its labels and the blanks required between repeats) has loss {@code +inf}, or 0 with
 * zero gradient when {@code zeroInfinity} is set.
 *
 * <p>As a DJL {@link Loss}: predictions are {@code [logProbs [batch, frames, classes]]} optionally
 * followed by {@code inputLengths [batch]} (int64; all frames when absent); labels are {@code
 * [targets [batch, maxTargetLength], targetLengths [batch]]} (int64, targets padded with any valid
 * class). Note the batch-first layout: PyTorch takes {@code [frames, batch, classes]}.
 */
public final class CtcLoss extends Loss {

  /**
   * The log-space stand-in for {@code log 0}: finite, so that masked states keep finite gradients.
   */
  public static final float LOG_ZERO = -1e30f;

  private final int blank;
  private final CtcReduction reduction;
  private final boolean zeroInfinity;

  /**
   * Creates the loss with PyTorch's defaults: blank 0, reduction mean, no zero-infinity.
   *
   * @return the loss
   */
  public static CtcLoss create() {
    return new CtcLoss("CtcLoss", 0, CtcReduction.MEAN, false);
  }

  /**
   * Creates a loss.
   *
   * @param name the evaluator name shown in training logs
   * @param blank the blank class index, {@code >= 0}
   * @param reduction how losses combine
   * @param zeroInfinity whether an impossible alignment gives loss 0 (and zero gradient) instead of
   *     {@code +inf}
   */
  public CtcLoss(String name, int blank, CtcReduction reduction, boolean zeroInfinity) {
    super(name);
    checkArgument(blank >= 0, "blank index must be >= 0: %s", blank);
    this.blank = blank;
    this.reduction = reduction;
    this.zeroInfinity = zeroInfinity;
  }

  /**
   * Returns the blank index.
   *
   * @return the blank class
   */
  public int blank() {
    return blank;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    checkArgument(
        labels.size() == 2,
        "CTC labels must be [targets, targetLengths], got %s arrays",
        labels.size());
    NDArray logProbs = predictions.get(0);
    NDArray inputLengths;
    if (predictions.size() > 1) {
      inputLengths = predictions.get(1);
    } else {
      long b = logProbs.getShape().get(0);
      long t = logProbs.getShape().get(1);
      long[] all = new long[(int) b];
      Arrays.fill(all, t);
      inputLengths = logProbs.getManager().create(all);
    }
    return compute(logProbs, labels.get(0), inputLengths, labels.get(1));
  }

  /**
   * Computes the reduced loss.
   *
   * @param logProbs log-probabilities {@code [batch, frames, classes]} (log_softmax over classes)
   * @param targets label indices {@code [batch, maxTargetLength]}, padded beyond each length
   * @param inputLengths valid frames per utterance {@code [batch]}, each in {@code [1, frames]}
   * @param targetLengths labels per utterance {@code [batch]}, each in {@code [0, maxTargetLength]}
   * @return {@code [batch]} for {@link CtcReduction#NONE}, else a scalar
   */
  public NDArray compute(
      NDArray logProbs, NDArray targets, NDArray inputLengths, NDArray targetLengths) {
    NDArray nll = negativeLogLikelihood(logProbs, targets, inputLengths, targetLengths);
    switch (reduction) {
      case NONE:
        return nll;
      case SUM:
        return nll.sum();
      case MEAN:
      default:
        NDArray div = targetLengths.toType(DataType.FLOAT32, false).maximum(1f);
        return nll.div(div).mean();
    }
  }

  /**
   * Computes the per-utterance loss {@code -log p(target | input)}, with this loss's blank and
   * zero-infinity settings.
   *
   * @param logProbs log-probabilities {@code [batch, frames, classes]}
   * @param targets label indices {@code [batch, maxTargetLength]}
   * @param inputLengths valid frames {@code [batch]}
   * @param targetLengths labels per utterance {@code [batch]}
   * @return the losses {@code [batch]}
   */
  public NDArray negativeLogLikelihood(
      NDArray logProbs, NDArray targets, NDArray inputLengths, NDArray targetLengths) {
    Shape s = logProbs.getShape();
    checkArgument(s.dimension() == 3, "log-probs must be [batch, frames, classes], got %s", s);
    int batch = (int) s.get(0);
    int frames = (int) s.get(1);
    int classes = (int) s.get(2);
    checkArgument(blank < classes, "blank index %s is not a class (classes=%s)", blank, classes);
    Shape ts = targets.getShape();
    checkArgument(
        ts.dimension() == 2 && ts.get(0) == batch,
        "targets must be [batch=%s, maxTargetLength], got %s",
        batch,
        ts);
    int maxLen = (int) ts.get(1);
    long[] tgt = targets.toType(DataType.INT64, false).toLongArray();
    long[] inLen = inputLengths.toType(DataType.INT64, false).toLongArray();
    long[] tLen = targetLengths.toType(DataType.INT64, false).toLongArray();
    checkArgument(
        inLen.length == batch && tLen.length == batch,
        "inputLengths and targetLengths must be [batch=%s], got %s and %s",
        batch,
        inLen.length,
        tLen.length);
    int ext = 2 * maxLen + 1;
    long[] extended = new long[batch * ext];
    boolean[] skip = new boolean[batch * ext];
    boolean[] start = new boolean[batch * ext];
    long[] endLast = new long[batch];
    long[] endLabel = new long[batch];
    boolean[] hasLabel = new boolean[batch];
    boolean[] active = new boolean[batch * frames];
    for (int b = 0; b < batch; b++) {
      checkArgument(
          inLen[b] >= 1 && inLen[b] <= frames,
          "input length %s of utterance %s is outside [1, frames=%s]",
          inLen[b],
          b,
          frames);
      checkArgument(
          tLen[b] >= 0 && tLen[b] <= maxLen,
          "target length %s of utterance %s is outside [0, %s]",
          tLen[b],
          b,
          maxLen);
      for (int j = 0; j < ext; j++) {
        long label = blank;
        if (j % 2 == 1 && j / 2 < tLen[b]) {
          label = tgt[b * maxLen + j / 2];
          checkArgument(
              label >= 0 && label < classes && label != blank,
              "target %s at position %s of utterance %s is not a non-blank class in [0, %s)",
              label,
              j / 2,
              b,
              classes);
        }
        extended[b * ext + j] = label;
      }
      for (int j = 0; j < ext; j++) {
        skip[b * ext + j] =
            j >= 2 && j % 2 == 1 && extended[b * ext + j] != extended[b * ext + j - 2];
      }
      start[b * ext] = true;
      start[b * ext + 1] = tLen[b] > 0 && ext > 1;
      endLast[b] = 2 * tLen[b];
      hasLabel[b] = tLen[b] > 0;
      endLabel[b] = Math.max(0, 2 * tLen[b] - 1);
      for (int t = 0; t < frames; t++) {
        active[b * frames + t] = t < inLen[b];
      }
    }
    NDManager m = logProbs.getManager();
    NDArray index = m.create(extended, new Shape(batch, 1, ext)).broadcast(batch, frames, ext);
    NDArray emit = logProbs.gather(index, 2); // [batch, frames, ext]
    NDArray logZero = m.full(new Shape(batch, ext), LOG_ZERO);
    NDArray skipOk = m.create(skip, new Shape(batch, ext));
    NDArray isActive = m.create(active, new Shape(batch, frames, 1));
    NDArray pad1 = m.full(new Shape(batch, 1), LOG_ZERO);
    NDArray pad2 = m.full(new Shape(batch, Math.min(2, ext)), LOG_ZERO);

    NDArray alpha =
        NDArrays.where(m.create(start, new Shape(batch, ext)), emit.get(":, 0, :"), logZero);
    for (int t = 1; t < frames; t++) {
      NDArray stay = alpha;
      NDArray step = ext > 1 ? pad1.concat(alpha.get(":, :-1"), 1) : logZero;
      NDArray jump =
          ext > 2 ? NDArrays.where(skipOk, pad2.concat(alpha.get(":, :-2"), 1), logZero) : logZero;
      NDArray next = logSumExp(NDArrays.stack(new NDList(stay, step, jump), 2), 2);
      next = next.add(emit.get(":, " + t + ", :"));
      alpha = NDArrays.where(isActive.get(":, " + t + ", :").broadcast(batch, ext), next, alpha);
    }
    NDArray last = alpha.gather(m.create(endLast, new Shape(batch, 1)), 1);
    NDArray label =
        NDArrays.where(
            m.create(hasLabel, new Shape(batch, 1)),
            alpha.gather(m.create(endLabel, new Shape(batch, 1)), 1),
            pad1);
    NDArray logLikelihood = logSumExp(last.concat(label, 1), 1); // [batch]
    NDArray impossible = logLikelihood.lt(LOG_ZERO / 2);
    NDArray nll = logLikelihood.neg();
    float replacement = zeroInfinity ? 0f : Float.POSITIVE_INFINITY;
    return NDArrays.where(impossible, m.full(new Shape(batch), replacement), nll);
  }

  private static NDArray logSumExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
  }
}
