package dev.sure4j.speech.tts.train;

import java.util.List;

/**
 * What a TTS training run measured.
 *
 * @param steps updates applied
 * @param skipped updates skipped for a non-finite loss or gradient
 * @param seconds wall-clock time of the run
 * @param losses the loss parts of every micro-batch, in order
 * @param trainable the number of values that trained (the sizes of the trainable parameters)
 */
public record TtsTrainingResult(
    int steps, long skipped, double seconds, List<TtsLossParts> losses, long trainable) {

  /** Copies the list. */
  public TtsTrainingResult {
    losses = List.copyOf(losses);
  }

  /**
   * Returns the mean mel L1 (before the postnet) of the first or last {@code n} micro-batches.
   *
   * @param n how many, &gt; 0
   * @param last the last {@code n} when true, else the first
   * @return the mean, NaN when there were none
   */
  public double meanMel(int n, boolean last) {
    int k = Math.min(n, losses.size());
    List<TtsLossParts> part =
        last ? losses.subList(losses.size() - k, losses.size()) : losses.subList(0, k);
    return part.stream().mapToDouble(TtsLossParts::mel).average().orElse(Double.NaN);
  }
}
