package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Kaldi-compatible MFCCs, as {@code torchaudio.compliance.kaldi.mfcc} with {@code dither=0}, {@code
 * snip_edges=True} and the defaults otherwise (DC offset removal, pre-emphasis 0.97, Povey window,
 * FFT size rounded up to a power of two, power spectrum, 23 triangular mel bins on Kaldi's mel
 * scale from 20 Hz to Nyquist, log with a float32-epsilon floor, orthonormal DCT-II with Kaldi's
 * first-coefficient scale, cepstral lifter 22, no energy).
 *
 * <p>Frames are {@code windowSamples} long and {@code hopSamples} apart, without centre padding:
 * frame {@code t} covers samples {@code [t * hop, t * hop + window)}, and a waveform of {@code n}
 * samples gives {@code floor((n - window) / hop) + 1} frames (0 when {@code n < window}). With the
 * defaults (400 and 320 samples, 25 ms and 20 ms at 16 kHz) this equals the frame count and the
 * receptive fields of the standard HuBERT/wav2vec2 convolution stack ({@code conv_kernel
 * [10,3,3,3,3,2,2]}, {@code conv_stride [5,2,2,2,2,2,2]}).
 *
 * <p>Computed in double precision; instances are immutable and thread-safe.
 */
public final class KaldiMfcc {

  private static final double PREEMPHASIS = 0.97;
  private static final double LOW_FREQ_HZ = 20;
  private static final double CEPSTRAL_LIFTER = 22;
  private static final double LOG_FLOOR = Math.ulp(1.0f);

  private final int sampleRate;
  private final int windowSamples;
  private final int hopSamples;
  private final int numMelBins;
  private final int numCeps;
  private final int fftSize;
  private final double[] window;
  private final double[][] melBanks;
  private final double[][] dct;
  private final double[] lifter;

  /**
   * Creates an extractor.
   *
   * @param sampleRate the waveform's rate in Hz
   * @param windowSamples frame length in samples
   * @param hopSamples frame shift in samples
   * @param numMelBins mel filters
   * @param numCeps cepstral coefficients kept ({@code <= numMelBins})
   */
  public KaldiMfcc(int sampleRate, int windowSamples, int hopSamples, int numMelBins, int numCeps) {
    checkArgument(sampleRate > 0, "sample rate must be > 0 Hz: %s", sampleRate);
    checkArgument(windowSamples > 1, "window must be > 1 sample: %s", windowSamples);
    checkArgument(hopSamples > 0, "hop must be > 0 samples: %s", hopSamples);
    checkArgument(numMelBins > 0, "mel bins must be > 0: %s", numMelBins);
    checkArgument(
        numCeps > 0 && numCeps <= numMelBins,
        "cepstral coefficients %s must be in [1, mel bins %s]",
        numCeps,
        numMelBins);
    this.sampleRate = sampleRate;
    this.windowSamples = windowSamples;
    this.hopSamples = hopSamples;
    this.numMelBins = numMelBins;
    this.numCeps = numCeps;
    this.fftSize = Integer.highestOneBit(windowSamples - 1) << 1;
    this.window = poveyWindow(windowSamples);
    this.melBanks = melBanks(numMelBins, fftSize, sampleRate);
    this.dct = dct(numMelBins, numCeps);
    this.lifter = lifter(numCeps);
  }

  /**
   * The encoder-aligned default: 16 kHz, 400-sample window, 320-sample hop, 23 mel bins, 13
   * coefficients.
   *
   * @return the extractor
   */
  public static KaldiMfcc encoderAligned() {
    return new KaldiMfcc(16000, 400, 320, 23, 13);
  }

  /**
   * Returns the number of coefficients per frame.
   *
   * @return {@code numCeps}
   */
  public int numCeps() {
    return numCeps;
  }

  /**
   * Returns the number of frames for a waveform length.
   *
   * @param samples waveform length in samples, {@code >= 0}
   * @return {@code floor((samples - window) / hop) + 1}, or 0 when shorter than a window
   */
  public int frames(int samples) {
    checkArgument(samples >= 0, "samples must be >= 0: %s", samples);
    return samples < windowSamples ? 0 : (samples - windowSamples) / hopSamples + 1;
  }

  /**
   * Computes the MFCCs of a waveform.
   *
   * @param wave samples at {@code sampleRate} Hz, in any scale (Kaldi uses 16-bit integer scale; a
   *     different scale shifts coefficient 0 only)
   * @return {@code [frames][numCeps]}
   */
  public float[][] compute(float[] wave) {
    int frames = frames(wave.length);
    float[][] out = new float[frames][];
    double[] re = new double[fftSize];
    double[] im = new double[fftSize];
    double[] power = new double[fftSize / 2 + 1];
    double[] logMel = new double[numMelBins];
    for (int t = 0; t < frames; t++) {
      int start = t * hopSamples;
      double mean = 0;
      for (int i = 0; i < windowSamples; i++) {
        mean += wave[start + i];
      }
      mean /= windowSamples;
      Arrays.fill(re, 0);
      Arrays.fill(im, 0);
      double previous = wave[start] - mean;
      for (int i = 0; i < windowSamples; i++) {
        double x = wave[start + i] - mean;
        re[i] = (x - PREEMPHASIS * previous) * window[i];
        previous = x;
      }
      Fft.forward(re, im);
      for (int k = 0; k < power.length; k++) {
        power[k] = re[k] * re[k] + im[k] * im[k];
      }
      for (int m = 0; m < numMelBins; m++) {
        double e = 0;
        double[] bank = melBanks[m];
        for (int k = 0; k < bank.length; k++) {
          e += bank[k] * power[k];
        }
        logMel[m] = Math.log(Math.max(e, LOG_FLOOR));
      }
      float[] c = new float[numCeps];
      for (int k = 0; k < numCeps; k++) {
        double s = 0;
        for (int m = 0; m < numMelBins; m++) {
          s += dct[k][m] * logMel[m];
        }
        c[k] = (float) (s * lifter[k]);
      }
      out[t] = c;
    }
    return out;
  }

  /** Hann window (symmetric) to the power 0.85. */
  private static double[] poveyWindow(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)), 0.85);
    }
    return w;
  }

  private static double mel(double hz) {
    return 1127.0 * Math.log(1 + hz / 700.0);
  }

  /** Triangular filters in the mel domain over FFT bins {@code 0 .. fft/2 - 1}. */
  private static double[][] melBanks(int bins, int fft, int sampleRate) {
    double nyquist = sampleRate / 2.0;
    double binWidth = (double) sampleRate / fft;
    double melLow = mel(LOW_FREQ_HZ);
    double melHigh = mel(nyquist);
    double delta = (melHigh - melLow) / (bins + 1);
    double[][] banks = new double[bins][fft / 2];
    for (int m = 0; m < bins; m++) {
      double left = melLow + m * delta;
      double centre = melLow + (m + 1) * delta;
      double right = melLow + (m + 2) * delta;
      for (int k = 0; k < fft / 2; k++) {
        double x = mel(binWidth * k);
        double up = (x - left) / (centre - left);
        double down = (right - x) / (right - centre);
        banks[m][k] = Math.max(0, Math.min(up, down));
      }
    }
    return banks;
  }

  /** Orthonormal DCT-II rows {@code [ceps][bins]}, row 0 scaled by {@code sqrt(1 / bins)}. */
  private static double[][] dct(int bins, int ceps) {
    double[][] d = new double[ceps][bins];
    for (int k = 0; k < ceps; k++) {
      for (int m = 0; m < bins; m++) {
        d[k][m] =
            k == 0
                ? Math.sqrt(1.0 / bins)
                : Math.sqrt(2.0 / bins) * Math.cos(Math.PI / bins * (m + 0.5) * k);
      }
    }
    return d;
  }

  private static double[] lifter(int ceps) {
    double[] l = new double[ceps];
    for (int i = 0; i < ceps; i++) {
      l[i] = 1 + 0.5 * CEPSTRAL_LIFTER * Math.sin(Math.PI * i / CEPSTRAL_LIFTER);
    }
    return l;
  }
}
