package dev.sure4j.speech.tts.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TTS model's measures on a test split, each comparing the model's prediction for a test text
 * with the recording of that text.
 *
 * @param utterances test utterances measured
 * @param mcd mean over utterances of fairseq's MCD ({@link dev.sure4j.speech.synthesis.Mcd}: 13
 *     MFCCs, DTW, distance per path step) between the recording's waveform and the waveform vocoded
 *     from the predicted log-mel; NaN when the model could not speak one of the texts
 * @param dtwInsertions the MCD alignments' insertions (synthesised frames beyond one per reference
 *     frame) over all utterances, per reference MFCC frame (fairseq {@code eval_sp.py}'s {@code
 *     ins})
 * @param dtwDeletions the alignments' deletions (reference frames beyond one per synthesised
 *     frame), per reference MFCC frame ({@code eval_sp.py}'s {@code del})
 * @param mcdMelDb mean over utterances of sure4j's earlier measure ({@link
 *     dev.sure4j.speech.synthesis.LogMelCepstralDistortion}: 13 cepstra of the log-mel, DTW, dB)
 *     between the recording's log-mel and the predicted log-mel, without a vocoder
 * @param f0RmseCents root mean square of {@code 1200 log2(F0_pred / F0_ref)} over the reference's
 *     voiced frames of all utterances pooled, cents; predicted frame {@code floor(i * N_pred /
 *     N_ref)} stands against reference frame {@code i} (linear time alignment); the prediction is
 *     the pitch the model used, which has no unvoiced frames
 * @param f0Frames the voiced reference frames in {@link #f0RmseCents}
 * @param durationErrorFrames mean over utterances of {@code |N_pred - N_ref|}, mel frames (hop 256
 *     at 22,050 Hz: 11.6 ms)
 * @param lengthRatio mean over utterances of {@code N_pred / N_ref}: above 1 the model speaks
 *     slower than the recording
 */
public record TtsTestMetrics(
    int utterances,
    double mcd,
    double dtwInsertions,
    double dtwDeletions,
    double mcdMelDb,
    double f0RmseCents,
    long f0Frames,
    double durationErrorFrames,
    double lengthRatio) {

  /**
   * Returns the measures as {@code metrics.json} entries, each key ending in a suffix.
   *
   * @param suffix appended to every key, e.g. {@code _before} or empty
   * @return {@code mcd}, {@code dtw_insertions}, {@code dtw_deletions}, {@code mcd_mel_db}, {@code
   *     f0_rmse_cents}, {@code duration_error_frames}, {@code length_ratio}, in this order
   */
  public Map<String, Object> toJson(String suffix) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mcd" + suffix, mcd);
    m.put("dtw_insertions" + suffix, dtwInsertions);
    m.put("dtw_deletions" + suffix, dtwDeletions);
    m.put("mcd_mel_db" + suffix, mcdMelDb);
    m.put("f0_rmse_cents" + suffix, f0RmseCents);
    m.put("duration_error_frames" + suffix, durationErrorFrames);
    m.put("length_ratio" + suffix, lengthRatio);
    return m;
  }
}
