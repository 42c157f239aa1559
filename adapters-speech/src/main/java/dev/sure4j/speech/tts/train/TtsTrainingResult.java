package dev.sure4j.speech.tts.train;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a TTS training run measured.
 *
 * @param steps updates applied
 * @param skipped updates skipped for a non-finite loss or gradient
 * @param seconds wall-clock time of the run
 * @param losses the loss parts of every micro-batch, in order
 * @param trainable the number of values of the acoustic model (with any adapter) that trained
 * @param alignerTrainable the number of values of the alignment encoder that trained
 */
public record TtsTrainingResult(
    int steps,
    long skipped,
    double seconds,
    List<TtsLossParts> losses,
    long trainable,
    long alignerTrainable) {

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
    return mean(n, last, TtsLossParts::mel);
  }

  /**
   * Returns the mean forward-sum alignment loss of the first or last {@code n} micro-batches.
   *
   * @param n how many, &gt; 0
   * @param last the last {@code n} when true, else the first
   * @return the mean, NaN when there were none or the loss was not computed (weight 0)
   */
  public double meanAlign(int n, boolean last) {
    return mean(n, last, TtsLossParts::align);
  }

  private double mean(int n, boolean last, ToDoubleFunction<TtsLossParts> part) {
    int k = Math.min(n, losses.size());
    List<TtsLossParts> parts =
        last ? losses.subList(losses.size() - k, losses.size()) : losses.subList(0, k);
    return parts.stream().mapToDouble(part).average().orElse(Double.NaN);
  }
}
