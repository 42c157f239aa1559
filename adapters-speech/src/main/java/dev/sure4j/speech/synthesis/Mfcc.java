package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;

/**
 * Mel-frequency cepstral coefficients as {@code torchaudio.transforms.MFCC(sample_rate, n_mfcc,
 * dct_type=2, norm="ortho", log_mels=True, melkwargs)}: the {@link MelSpectrogram} of a {@link
 * MelConfig} before its log, {@code log(mel + 1e-6)}, and the orthonormal DCT-II over the mel axis
 * keeping {@code c_0 .. c_(n_mfcc - 1)}. The configuration's {@link MelConfig#logFloor()} is not
 * used: torchaudio's MFCC adds {@link #LOG_OFFSET} instead of clamping.
 *
 * <p>This is the MFCC of speech synthesis evaluation ({@link Mcd}); the Kaldi-compatible MFCC of
 * HuBERT's first-iteration labels is {@code dev.sure4j.speech.pretrain.Mfcc}. Instances are
 * immutable and thread-safe.
 */
public final class Mfcc {
  /** Added to the mel spectrogram before the natural log ({@code log_offset} of torchaudio). */
  public static final double LOG_OFFSET = 1e-6;

  private final MelSpectrogram mel;
  private final int coefficients;
  private final float[] dct;

  private Mfcc(MelConfig config, int coefficients) {
    this.mel = MelSpectrogram.of(config);
    this.coefficients = coefficients;
    this.dct = MelFilterbank.flatten(Dct.ortho(coefficients, config.nMels()));
  }

  /**
   * Creates the transform.
   *
   * @param config the mel spectrogram ({@code melkwargs}); its log floor is not used
   * @param coefficients {@code n_mfcc}, in [1, nMels]
   * @return the transform
   */
  public static Mfcc of(MelConfig config, int coefficients) {
    Preconditions.checkArgument(
        coefficients > 0 && coefficients <= config.nMels(),
        "n_mfcc must be in [1, n_mels %s]: %s",
        config.nMels(),
        coefficients);
    return new Mfcc(config, coefficients);
  }

  /**
   * The MFCC of fairseq's speech synthesis MCD ({@code batch_mel_cepstral_distortion}): 13
   * coefficients of 80 htk mels without norm over 20 Hz to {@code sampleRate / 2}, power spectrum,
   * Hann window and FFT of {@code int(0.05 * sampleRate)} samples (50 ms), hop {@code int(0.0125 *
   * sampleRate)} (12.5 ms). At 22,050 Hz: n_fft 1102, hop 275.
   *
   * @param sampleRate the waveforms' rate in Hz
   * @return the transform
   */
  public static Mfcc fairseq(int sampleRate) {
    Preconditions.checkArgument(sampleRate > 0, "sample rate must be > 0 Hz: %s", sampleRate);
    int window = (int) (0.05 * sampleRate);
    MelConfig config =
        MelConfig.builder()
            .optSampleRate(sampleRate)
            .optNFft(window)
            .optWinLength(window)
            .optHopLength((int) (0.0125 * sampleRate))
            .optNMels(80)
            .optFMin(20)
            .optFMax(sampleRate / 2)
            .optPower(2.0)
            .optMelScale(MelScale.HTK)
            .optNorm(MelNorm.NONE)
            .build();
    return of(config, 13);
  }

  /**
   * Returns the mel spectrogram's settings.
   *
   * @return the configuration
   */
  public MelConfig config() {
    return mel.config();
  }

  /**
   * Returns the number of coefficients.
   *
   * @return {@code n_mfcc}
   */
  public int coefficients() {
    return coefficients;
  }

  /**
   * Computes the coefficients of one waveform.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param wave samples [samples] at the configuration's rate, more than {@code nFft / 2}
   * @return float32 MFCC [coefficients * frames], C order of [coefficients, frames], {@code frames
   *     = config().frames(samples)}
   */
  public float[] compute(NDManager manager, float[] wave) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray logMel = mel.mel(scope, wave).add((float) LOG_OFFSET).log();
      NDArray basis = scope.create(dct, new Shape(coefficients, config().nMels()));
      return basis.matMul(logMel).toFloatArray();
    }
  }

  /**
   * Computes the coefficients of one waveform frame by frame.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param wave samples [samples] at the configuration's rate, more than {@code nFft / 2}
   * @return MFCC [frames][coefficients]
   */
  public double[][] frames(NDManager manager, float[] wave) {
    float[] c = compute(manager, wave);
    int frames = c.length / coefficients;
    double[][] out = new double[frames][coefficients];
    for (int k = 0; k < coefficients; k++) {
      for (int t = 0; t < frames; t++) {
        out[t][k] = c[k * frames + t];
      }
    }
    return out;
  }
}
