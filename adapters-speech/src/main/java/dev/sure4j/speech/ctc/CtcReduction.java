package dev.sure4j.speech.ctc;

/** How per-utterance CTC losses are combined, as PyTorch's {@code ctc_loss(reduction=...)}. */
public enum CtcReduction {
  /** Per-utterance losses {@code [batch]}. */
  NONE,
  /** Each loss divided by its target length (at least 1), then the mean over the batch. */
  MEAN,
  /** The sum of the per-utterance losses. */
  SUM
}
