package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;
import com.google.common.math.IntMath;
import java.util.Arrays;

/**
 * Band-limited polyphase resampler with a Hann-windowed sinc kernel, the algorithm of {@code
 * torchaudio.functional.resample} ({@code resampling_method="sinc_interp_hann"}).
 *
 * <p>The rates are reduced by their greatest common divisor to {@code orig} and {@code new}; the
 * low-pass cut-off is {@code rolloff * min(orig, new) / 2} (in units of the reduced rates), so with
 * the default rolloff of 0.99 content above 99% of the lower Nyquist frequency is attenuated. The
 * kernel has {@code new} phases of {@code 2 * width + orig} taps, {@code width =
 * ceil(lowpassFilterWidth * orig / (rolloff * min(orig, new)))}. The input is zero-padded by {@code
 * width} samples on the left, and {@code ceil(new * length / orig)} output samples are produced.
 * Kernels and sums are computed in double precision, outputs are float: they match torchaudio 0.13
 * run in float64 within 1e-7, and torchaudio run in float32 within 2e-5 (its float32 kernel rounds
 * {@code idx / orig} for large reduced rates such as 441). Taps outside the window are exactly zero
 * and skipped: about 34 multiply-adds per output sample for 44.1 kHz input instead of 475.
 *
 * <p>Building costs about {@code 2 * width + 3} kernel evaluations per output phase ({@code new}
 * phases), so callers bound the rates first ({@code InputLimits}' sample-rate range); lengths and
 * table sizes are computed in {@code long} and refused when they do not fit an array.
 *
 * <p>Instances are immutable and thread-safe; the kernel is built once per rate pair.
 */
public final class Resampler {
  /**
   * Default number of sinc zero crossings on each side of the kernel centre (torchaudio's default).
   */
  public static final int DEFAULT_LOWPASS_FILTER_WIDTH = 6;

  /** Default cut-off as a fraction of the lower Nyquist frequency (torchaudio's default). */
  public static final double DEFAULT_ROLLOFF = 0.99;

  private final int origFreq;
  private final int newFreq;
  private final int orig;
  private final int next;
  private final int width;

  /** Per phase, the kernel taps without the exact zeros at both ends (outside the window). */
  private final float[][] kernels;

  /** Per phase, the index of the first kept tap in the full {@code 2 * width + orig} kernel. */
  private final int[] kernelStart;

  private Resampler(int origFreq, int newFreq, int lowpassFilterWidth, double rolloff) {
    this.origFreq = origFreq;
    this.newFreq = newFreq;
    int gcd = IntMath.gcd(origFreq, newFreq);
    this.orig = origFreq / gcd;
    this.next = newFreq / gcd;
    double baseFreq = Math.min(orig, next) * rolloff;
    this.width = Math.toIntExact((long) Math.ceil((double) lowpassFilterWidth * orig / baseFreq));
    int taps = Math.toIntExact(2L * width + orig);
    double scale = baseFreq / orig;
    // taps whose |t| >= lowpassFilterWidth round to exactly 0f: only the window is computed, one
    // tap of margin on each side, so the cost is next x (2 width + 3), not next x taps
    double reach = orig * (double) lowpassFilterWidth / baseFreq;
    this.kernels = new float[next][];
    this.kernelStart = new int[next];
    for (int phase = 0; phase < next; phase++) {
      double centre = width + orig * (phase / (double) next);
      int from = (int) Math.max(0, Math.floor(centre - reach) - 1);
      int to = (int) Math.min(taps - 1, Math.ceil(centre + reach) + 1);
      float[] window = new float[to - from + 1];
      for (int k = from; k <= to; k++) {
        double t = (-phase / (double) next + (k - width) / (double) orig) * baseFreq;
        t = Math.max(-lowpassFilterWidth, Math.min(lowpassFilterWidth, t));
        double hann = Math.cos(t * Math.PI / lowpassFilterWidth / 2);
        hann *= hann;
        double x = t * Math.PI;
        double sinc = x == 0 ? 1.0 : Math.sin(x) / x;
        window[k - from] = (float) (sinc * hann * scale);
      }
      int first = 0;
      int last = window.length - 1;
      while (first < last && window[first] == 0f) {
        first++;
      }
      while (last > first && window[last] == 0f) {
        last--;
      }
      kernelStart[phase] = from + first;
      kernels[phase] = Arrays.copyOfRange(window, first, last + 1);
    }
  }

  /**
   * Creates a resampler with torchaudio's defaults (filter width 6, rolloff 0.99).
   *
   * @param origFreq input sample rate in Hz, &gt; 0
   * @param newFreq output sample rate in Hz, &gt; 0
   * @return the resampler
   */
  public static Resampler of(int origFreq, int newFreq) {
    return of(origFreq, newFreq, DEFAULT_LOWPASS_FILTER_WIDTH, DEFAULT_ROLLOFF);
  }

  /**
   * Creates a resampler.
   *
   * @param origFreq input sample rate in Hz, &gt; 0
   * @param newFreq output sample rate in Hz, &gt; 0
   * @param lowpassFilterWidth sinc zero crossings on each side (sharper but longer filter when
   *     larger), &gt; 0
   * @param rolloff cut-off as a fraction of the lower Nyquist frequency, in (0, 1]
   * @return the resampler
   */
  public static Resampler of(int origFreq, int newFreq, int lowpassFilterWidth, double rolloff) {
    Preconditions.checkArgument(origFreq > 0, "input sample rate must be > 0 Hz: %s", origFreq);
    Preconditions.checkArgument(newFreq > 0, "output sample rate must be > 0 Hz: %s", newFreq);
    Preconditions.checkArgument(
        lowpassFilterWidth > 0, "lowpass filter width must be > 0: %s", lowpassFilterWidth);
    Preconditions.checkArgument(
        rolloff > 0 && rolloff <= 1, "rolloff must be in (0, 1]: %s", rolloff);
    return new Resampler(origFreq, newFreq, lowpassFilterWidth, rolloff);
  }

  /**
   * Returns the input rate.
   *
   * @return input sample rate in Hz
   */
  public int origFreq() {
    return origFreq;
  }

  /**
   * Returns the output rate.
   *
   * @return output sample rate in Hz
   */
  public int newFreq() {
    return newFreq;
  }

  /**
   * Returns the number of output samples for an input length.
   *
   * @param inputLength input samples
   * @return {@code ceil(newFreq * inputLength / origFreq)} samples
   * @throws IllegalArgumentException if that is more than {@link Integer#MAX_VALUE}
   */
  public int outputLength(int inputLength) {
    long length = (next * (long) inputLength + orig - 1) / orig;
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              "resampling %d samples from %d Hz to %d Hz gives %d samples, more than an array holds",
              inputLength, origFreq, newFreq, length));
    }
    return (int) length;
  }

  /**
   * Resamples one channel. Equal rates return a copy of the input.
   *
   * @param input samples [length] at {@link #origFreq()}
   * @return samples [{@link #outputLength(int)}] at {@link #newFreq()}
   */
  public float[] resample(float[] input) {
    if (orig == next) {
      return input.clone();
    }
    int n = input.length;
    float[] out = new float[outputLength(n)];
    for (int j = 0; j < out.length; j++) {
      int block = j / next;
      int phase = j % next;
      float[] kernel = kernels[phase];
      int taps = kernel.length;
      // output j reads padded[block * orig + k] = input[block * orig + k - width], k over the full
      // kernel
      long start = (long) block * orig - width + kernelStart[phase];
      int kFrom = (int) Math.max(0, -start);
      int kTo = (int) Math.min(taps, n - start);
      double acc = 0;
      for (int k = kFrom; k < kTo; k++) {
        acc += kernel[k] * input[(int) (start + k)];
      }
      out[j] = (float) acc;
    }
    return out;
  }

  /**
   * Resamples a clip, channel by channel.
   *
   * @param clip a clip at {@link #origFreq()}, samples [channels][frames]
   * @return a clip at {@link #newFreq()}
   * @throws IllegalArgumentException if the clip's rate is not {@link #origFreq()}
   */
  public AudioClip resample(AudioClip clip) {
    Preconditions.checkArgument(
        clip.sampleRate() == origFreq,
        "clip is at %s Hz but this resampler converts %s Hz to %s Hz",
        clip.sampleRate(),
        origFreq,
        newFreq);
    float[][] in = clip.samples();
    float[][] out = new float[in.length][];
    for (int c = 0; c < in.length; c++) {
      out[c] = resample(in[c]);
    }
    return AudioClip.of(out, newFreq);
  }
}
