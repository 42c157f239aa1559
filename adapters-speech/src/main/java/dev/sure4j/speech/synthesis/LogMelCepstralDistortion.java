package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;

/**
 * sure4j's earlier mel-cepstral distortion, in dB, between two log-mel spectrograms or waveforms;
 * the MCD of fairseq and SURE is {@link Mcd}.
 *
 * <p>Each waveform's log-mel spectrogram (natural log of the magnitude, a {@link MelConfig}, by
 * default {@link MelConfig#hifigan()}) is turned into cepstra by an orthonormal DCT-II over the mel
 * axis, {@code c_k = s_k * sum_n x_n cos(pi k (2n + 1) / (2N))} with {@code s_0 = sqrt(1 / N)} and
 * {@code s_k = sqrt(2 / N)} (torchaudio's {@code create_dct(norm="ortho")}, as in its MFCC), and
 * {@code c_1 .. c_13} are kept: 13 coefficients, without the energy term {@code c_0}. The frames of
 * the two sequences are aligned by {@link Dtw} on the frame distortion
 *
 * <pre>
 *   MCD(c, c') = (10 / ln 10) * sqrt(2 * sum_{k=1..13} (c_k - c'_k)^2)   [dB]
 * </pre>
 *
 * <p>and the result is that distortion averaged along the alignment path. The constant {@code (10 /
 * ln 10) * sqrt(2)} is about 6.1419 (Kubichek 1993). Values depend on the cepstrum used (this DCT
 * of a log-mel spectrogram, not SPTK's warped {@code mcep}, nor fairseq's MFCC of {@link Mcd}), so
 * compare values computed the same way. It compares spectrograms directly, so a predicted log-mel
 * can be measured without a vocoder.
 */
public final class LogMelCepstralDistortion {
  /** Cepstral coefficients compared ({@code c_1 .. c_13}). */
  public static final int COEFFICIENTS = 13;

  /** {@code (10 / ln 10) * sqrt(2)}: dB per unit of cepstral Euclidean distance. */
  public static final double DB_PER_UNIT = 10 / Math.log(10) * Math.sqrt(2);

  private LogMelCepstralDistortion() {}

  /**
   * Computes the MCD of two waveforms with the HiFi-GAN features.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param reference samples [samples] at 22050 Hz
   * @param other samples [samples'] at 22050 Hz
   * @return the DTW-aligned MCD in dB, &gt;= 0
   */
  public static double between(NDManager manager, float[] reference, float[] other) {
    return between(manager, MelConfig.hifigan(), reference, other);
  }

  /**
   * Computes the MCD of two waveforms.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param config the features, more than 13 mels
   * @param reference samples [samples] at the config's rate
   * @param other samples [samples'] at the config's rate
   * @return the DTW-aligned MCD in dB, &gt;= 0
   */
  public static double between(
      NDManager manager, MelConfig config, float[] reference, float[] other) {
    MelSpectrogram mel = MelSpectrogram.of(config);
    return ofCepstra(
        cepstra(mel.logMel(manager, reference), config.nMels()),
        cepstra(mel.logMel(manager, other), config.nMels()));
  }

  /**
   * Computes the 13 cepstra {@code c_1 .. c_13} of each frame of a log-mel spectrogram.
   *
   * @param logMel log-mel [nMels * frames], C order of [nMels, frames]
   * @param nMels mel channels, &gt; 13
   * @return cepstra [frames][13]
   */
  public static double[][] cepstra(float[] logMel, int nMels) {
    Preconditions.checkArgument(
        nMels > COEFFICIENTS, "MCD needs more than %s mels: %s", COEFFICIENTS, nMels);
    Preconditions.checkArgument(
        logMel.length % nMels == 0, "%s values are not [%s mels, frames]", logMel.length, nMels);
    int frames = logMel.length / nMels;
    double[][] basis = Dct.ortho(COEFFICIENTS + 1, nMels);
    double[][] out = new double[frames][COEFFICIENTS];
    for (int k = 1; k <= COEFFICIENTS; k++) {
      for (int n = 0; n < nMels; n++) {
        for (int t = 0; t < frames; t++) {
          out[t][k - 1] += basis[k][n] * logMel[n * frames + t];
        }
      }
    }
    return out;
  }

  /**
   * Computes the DTW-aligned MCD of two cepstral sequences.
   *
   * @param reference cepstra [frames][13]
   * @param other cepstra [frames'][13]
   * @return the mean frame distortion along the alignment, in dB
   */
  public static double ofCepstra(double[][] reference, double[][] other) {
    return Dtw.align(
            reference.length, other.length, (i, j) -> frameDistortion(reference[i], other[j]))
        .mean();
  }

  /**
   * Computes the distortion of one pair of frames.
   *
   * @param a cepstra [13]
   * @param b cepstra [13]
   * @return {@code (10 / ln 10) * sqrt(2 * sum (a_k - b_k)^2)}, in dB
   */
  public static double frameDistortion(double[] a, double[] b) {
    return 10 / Math.log(10) * Math.sqrt(2.0 * a.length) * Mcd.rmsDistance(a, b);
  }
}
