package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Random;

/**
 * Chooses the frames to mask, as HuBERT and wav2vec2 pretraining do (Hugging Face's {@code
 * _compute_mask_indices} without {@code min_masks}): for an utterance of {@code n} valid frames,
 * {@code floor(maskProb * n / spanLength + u)} spans ({@code u} uniform in [0, 1), at least one)
 * start at distinct frames drawn uniformly from {@code [0, n - spanLength]}, and each masks {@code
 * spanLength} frames. Spans may overlap, so the masked fraction is below {@code maskProb} (about
 * {@code 1 - exp(-maskProb)} for long utterances). An utterance shorter than a span is masked
 * whole. Padded frames (at or after {@code n}) are never masked.
 */
public final class SpanMasker {

  private final float maskProb;
  private final int spanLength;

  /**
   * Creates a masker.
   *
   * @param maskProb {@code mask_time_prob}: span starts per valid frame times the span length, in
   *     (0, 1]
   * @param spanLength {@code mask_time_length}: frames per span, {@code >= 1}
   */
  public SpanMasker(float maskProb, int spanLength) {
    checkArgument(
        maskProb > 0 && maskProb <= 1, "mask probability must be in (0, 1]: %s", maskProb);
    checkArgument(spanLength >= 1, "span length must be >= 1 frame: %s", spanLength);
    this.maskProb = maskProb;
    this.spanLength = spanLength;
  }

  /**
   * Masks a batch.
   *
   * @param validFrames valid frames per utterance, each in {@code [1, maxFrames]}
   * @param maxFrames the padded length {@code T}
   * @param rng the random source (seed it for reproducible masks)
   * @return {@code [batch][T]}, true = masked
   */
  public boolean[][] mask(long[] validFrames, int maxFrames, Random rng) {
    boolean[][] out = new boolean[validFrames.length][maxFrames];
    for (int b = 0; b < validFrames.length; b++) {
      long n = validFrames[b];
      checkArgument(
          n >= 1 && n <= maxFrames,
          "utterance %s: %s valid frames outside [1, %s]",
          b,
          n,
          maxFrames);
      maskOne(out[b], (int) n, rng);
    }
    return out;
  }

  private void maskOne(boolean[] row, int n, Random rng) {
    int span = Math.min(spanLength, n);
    int starts = n - span + 1;
    int spans = (int) Math.floor(maskProb * n / span + rng.nextDouble());
    spans = Math.max(1, Math.min(spans, starts));
    // partial Fisher-Yates: the first `spans` entries are distinct uniform starts
    int[] candidates = new int[starts];
    for (int i = 0; i < starts; i++) {
      candidates[i] = i;
    }
    for (int i = 0; i < spans; i++) {
      int j = i + rng.nextInt(starts - i);
      int t = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = t;
      for (int f = candidates[i]; f < candidates[i] + span; f++) {
        row[f] = true;
      }
    }
  }

  /**
   * Returns the mask probability.
   *
   * @return {@code mask_time_prob}
   */
  public float maskProb() {
    return maskProb;
  }

  /**
   * Returns the span length.
   *
   * @return frames per span
   */
  public int spanLength() {
    return spanLength;
  }
}
