package dev.sure4j.speech.tts.align;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.ctc.CtcLoss;
import dev.sure4j.speech.ctc.CtcReduction;

/**
 * The forward-sum alignment loss of "One TTS Alignment To Rule Them All" (Badlani et al. 2022, as
 * in RAD-TTS's {@code ForwardSumLoss}): minus the log of the summed probability of every monotonic
 * alignment of the text to the frames, computed as a CTC loss over text positions with {@link
 * CtcLoss}.
 *
 * <p>For each utterance the attention scores {@code [frames, tokens]} get a blank column prepended
 * (class 0, log-score {@code blankLogProb}; padded tokens are masked out), a log-softmax over the
 * {@code tokens + 1} classes, and the CTC target is {@code 1, 2, ..., tokens}: every token once, in
 * order. Distinct consecutive targets never need a blank, so with the blank masked out ({@link
 * #blankFree()}) the CTC sum is exactly {@code sum over monotonic paths of prod_t p(token_t | t)}
 * with each frame on one token, tokens in order, each at least one frame (the set that {@link
 * MonotonicAlignment} maximises over). The paper's trick ({@link #radTts()}, blank log-score -1)
 * also lets frames sit on the blank. Impossible utterances (fewer frames than tokens) give 0 with
 * zero gradient, as RAD-TTS's {@code zero_infinity=True}.
 */
public final class ForwardSumLoss {
  /** RAD-TTS's blank log-score. */
  public static final float RAD_TTS_BLANK_LOG_PROB = -1f;

  private final float blankLogProb;
  private final CtcLoss ctc;

  private ForwardSumLoss(float blankLogProb, CtcReduction reduction) {
    this.blankLogProb = blankLogProb;
    this.ctc = new CtcLoss("ForwardSumLoss", 0, reduction, true);
  }

  /**
   * The RAD-TTS loss: blank log-score -1, each utterance's loss divided by its token count, then
   * the batch mean ({@code ctc_loss(reduction="mean")} per utterance, averaged).
   *
   * @return the loss
   */
  public static ForwardSumLoss radTts() {
    return new ForwardSumLoss(RAD_TTS_BLANK_LOG_PROB, CtcReduction.MEAN);
  }

  /**
   * The blank-free loss: only monotonic paths over the tokens themselves, with RAD-TTS's reduction.
   *
   * @return the loss
   */
  public static ForwardSumLoss blankFree() {
    return new ForwardSumLoss(CtcLoss.LOG_ZERO, CtcReduction.MEAN);
  }

  /**
   * Creates a loss with a given blank log-score and reduction.
   *
   * @param blankLogProb the blank's log-score before the softmax; {@link CtcLoss#LOG_ZERO} for no
   *     blank
   * @param reduction how the per-utterance losses combine
   * @return the loss
   */
  public static ForwardSumLoss of(float blankLogProb, CtcReduction reduction) {
    checkArgument(!Float.isNaN(blankLogProb), "blank log-score must not be NaN");
    return new ForwardSumLoss(blankLogProb, reduction);
  }

  /**
   * Computes the loss.
   *
   * @param attnLogProb attention log-scores {@code [batch, frames, tokens]} (normalised or not: a
   *     log-softmax over the valid tokens and the blank is taken here)
   * @param tokenLengths valid tokens per utterance {@code [batch]} (int), each {@code >= 1}
   * @param frameLengths valid frames per utterance {@code [batch]} (int), each in {@code [1,
   *     frames]}
   * @return {@code [batch]} for {@link CtcReduction#NONE} (nats), else a scalar
   */
  public NDArray compute(NDArray attnLogProb, NDArray tokenLengths, NDArray frameLengths) {
    Shape s = attnLogProb.getShape();
    checkArgument(s.dimension() == 3, "attention must be [batch, frames, tokens], got %s", s);
    int batch = (int) s.get(0);
    int frames = (int) s.get(1);
    int tokens = (int) s.get(2);
    long[] tLen = tokenLengths.toType(DataType.INT64, false).toLongArray();
    checkArgument(tLen.length == batch, "need %s token lengths, got %s", batch, tLen.length);
    NDManager m = attnLogProb.getManager();
    boolean[] valid = new boolean[batch * tokens];
    long[] targets = new long[batch * tokens];
    for (int b = 0; b < batch; b++) {
      checkArgument(
          tLen[b] >= 1 && tLen[b] <= tokens,
          "token length %s of utterance %s is outside [1, %s]",
          tLen[b],
          b,
          tokens);
      for (int i = 0; i < tokens; i++) {
        valid[b * tokens + i] = i < tLen[b];
        targets[b * tokens + i] = i < tLen[b] ? i + 1 : 1;
      }
    }
    NDArray mask = m.create(valid, new Shape(batch, 1, tokens)).broadcast(batch, frames, tokens);
    NDArray scores =
        NDArrays.where(
            mask, attnLogProb, m.full(new Shape(batch, frames, tokens), CtcLoss.LOG_ZERO));
    NDArray blank = m.full(new Shape(batch, frames, 1), blankLogProb);
    NDArray logProbs = blank.concat(scores, 2).logSoftmax(2);
    return ctc.compute(
        logProbs,
        m.create(targets, new Shape(batch, tokens)),
        frameLengths.toType(DataType.INT64, false),
        m.create(tLen));
  }
}
