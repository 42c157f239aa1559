package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;

/**
 * Mel-cepstral distortion as fairseq's speech synthesis reports it ({@code
 * batch_mel_cepstral_distortion} with {@code normalize_type="path"},
 * fairseq/tasks/text_to_speech.py, on which SURE's TTS side is built; the measure of its TTS
 * validation and of {@code examples/speech_synthesis/evaluation/eval_sp.py}).
 *
 * <ol>
 *   <li>13 MFCCs {@code c_0 .. c_12} of each waveform ({@link Mfcc#fairseq(int)}: 80 htk mels, 50
 *       ms Hann window, 12.5 ms hop, {@code log(mel + 1e-6)}, orthonormal DCT-II);
 *   <li>frame distance {@code d(i, j) = sqrt(sum_k (x_ik - y_jk)^2 / 13)} ({@code
 *       compute_rms_dist}: the Euclidean distance over {@code sqrt(13)});
 *   <li>the best monotonic path through {@code d} ({@link Dtw}, fairseq's recurrence);
 *   <li>the distance summed along the path divided by the path's length.
 * </ol>
 *
 * <p>The value is in the natural-log units of the cepstra, without the {@code (10 / ln 10) sqrt(2)}
 * dB factor of Kubichek's MCD, and includes {@code c_0} (so it sees loudness: a gain {@code g}
 * moves {@code c_0} by {@code 2 ln(g) sqrt(80)}). Compare it only with values computed the same
 * way. {@link LogMelCepstralDistortion} is sure4j's earlier, different measure.
 */
public final class Mcd {
  private final Mfcc mfcc;

  /**
   * One comparison: the distortion and the alignment's shape, as fairseq's {@code eval_sp.py}
   * reports them.
   *
   * @param distortion the cumulative distance along the path divided by its length
   * @param referenceFrames MFCC frames of the reference (the recording), {@code M}
   * @param synthesizedFrames MFCC frames of the synthesised waveform, {@code N}
   * @param pathLength frame pairs on the path, in [max(M, N), M + N - 1]
   */
  public record Result(
      double distortion, int referenceFrames, int synthesizedFrames, int pathLength) {

    /** Validates the frame counts. */
    public Result {
      Preconditions.checkArgument(
          referenceFrames > 0
              && synthesizedFrames > 0
              && pathLength >= Math.max(referenceFrames, synthesizedFrames)
              && pathLength < referenceFrames + synthesizedFrames,
          "a path of %s pairs cannot align %s and %s frames",
          pathLength,
          referenceFrames,
          synthesizedFrames);
    }

    /**
     * Returns the distance summed along the path ({@code normalize_type=None}).
     *
     * @return {@code distortion * pathLength}
     */
    public double cumulative() {
      return distortion * pathLength;
    }

    /**
     * Returns the synthesised frames beyond one per reference frame ({@code sum(pathmap.sum(dim=1)
     * - 1)} of {@code eval_sp.py}: extra frames in the synthesis).
     *
     * @return {@code pathLength - referenceFrames}
     */
    public int insertions() {
      return pathLength - referenceFrames;
    }

    /**
     * Returns the reference frames beyond one per synthesised frame ({@code sum(pathmap.sum(dim=0)
     * - 1)}: frames missing from the synthesis).
     *
     * @return {@code pathLength - synthesizedFrames}
     */
    public int deletions() {
      return pathLength - synthesizedFrames;
    }
  }

  private Mcd(Mfcc mfcc) {
    this.mfcc = mfcc;
  }

  /**
   * Creates the measure for waveforms at one rate.
   *
   * @param sampleRate the waveforms' rate in Hz
   * @return the measure with {@link Mfcc#fairseq(int)}
   */
  public static Mcd of(int sampleRate) {
    return new Mcd(Mfcc.fairseq(sampleRate));
  }

  /**
   * Computes the MCD of two waveforms.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param sampleRate the waveforms' rate in Hz
   * @param reference samples [samples] of the recording
   * @param synthesized samples [samples'] of the synthesis
   * @return the distortion (see {@link Result#distortion()})
   */
  public static double between(
      NDManager manager, int sampleRate, float[] reference, float[] synthesized) {
    return of(sampleRate).compare(manager, reference, synthesized).distortion();
  }

  /**
   * Returns the MFCC transform.
   *
   * @return the 13-coefficient MFCC
   */
  public Mfcc mfcc() {
    return mfcc;
  }

  /**
   * Compares two waveforms.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param reference samples [samples] of the recording, at the MFCC's rate, more than {@code nFft
   *     / 2}
   * @param synthesized samples [samples'] of the synthesis, at the same rate
   * @return the distortion and alignment
   */
  public Result compare(NDManager manager, float[] reference, float[] synthesized) {
    return ofMfcc(mfcc.frames(manager, reference), mfcc.frames(manager, synthesized));
  }

  /**
   * Compares two MFCC sequences.
   *
   * @param reference MFCC [M][coefficients] of the recording
   * @param synthesized MFCC [N][coefficients] of the synthesis
   * @return the distortion and alignment
   */
  public static Result ofMfcc(double[][] reference, double[][] synthesized) {
    Dtw.Path path =
        Dtw.align(
            reference.length,
            synthesized.length,
            (i, j) -> rmsDistance(reference[i], synthesized[j]));
    return new Result(path.mean(), reference.length, synthesized.length, path.length());
  }

  /**
   * Computes fairseq's {@code compute_rms_dist} of one pair of frames.
   *
   * @param a MFCC [coefficients]
   * @param b MFCC [coefficients]
   * @return {@code sqrt(sum_k (a_k - b_k)^2 / coefficients)}
   */
  public static double rmsDistance(double[] a, double[] b) {
    Preconditions.checkArgument(
        a.length == b.length, "frames of %s and %s coefficients", a.length, b.length);
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double d = a[k] - b[k];
      sum += d * d;
    }
    return Math.sqrt(sum / a.length);
  }
}
