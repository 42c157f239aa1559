package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The clustering features of HuBERT's first iteration: MFCCs, their deltas and delta-deltas ({@code
 * 3 * numCeps} values per frame, 39 for 13 coefficients), optionally normalised to zero mean and
 * unit variance per utterance and dimension. Frames are those of {@link KaldiMfcc}: with {@link
 * KaldiMfcc#encoderAligned()} frame {@code t} is the encoder's frame {@code t}.
 */
public final class MfccFeatures {

  private static final int DELTA_HALF_WINDOW = 2;
  private static final double VARIANCE_FLOOR = 1e-10;

  private final KaldiMfcc mfcc;
  private final boolean normalize;

  /**
   * Creates the features.
   *
   * @param mfcc the MFCC extractor
   * @param normalize whether to normalise each utterance to zero mean, unit variance per dimension
   */
  public MfccFeatures(KaldiMfcc mfcc, boolean normalize) {
    checkArgument(mfcc != null, "mfcc must not be null");
    this.mfcc = mfcc;
    this.normalize = normalize;
  }

  /**
   * Returns values per frame.
   *
   * @return {@code 3 * numCeps}
   */
  public int dimension() {
    return 3 * mfcc.numCeps();
  }

  /**
   * Returns the extractor.
   *
   * @return the MFCC extractor
   */
  public KaldiMfcc mfcc() {
    return mfcc;
  }

  /**
   * Computes the features of one waveform.
   *
   * @param wave samples at the extractor's rate
   * @return {@code [frames][3 * numCeps]}: coefficients, deltas, delta-deltas
   */
  public float[][] compute(float[] wave) {
    float[][] c = mfcc.compute(wave);
    float[][] d = Deltas.of(c, DELTA_HALF_WINDOW);
    float[][] dd = Deltas.of(d, DELTA_HALF_WINDOW);
    int n = mfcc.numCeps();
    float[][] out = new float[c.length][3 * n];
    for (int t = 0; t < c.length; t++) {
      System.arraycopy(c[t], 0, out[t], 0, n);
      System.arraycopy(d[t], 0, out[t], n, n);
      System.arraycopy(dd[t], 0, out[t], 2 * n, n);
    }
    if (normalize) {
      normalizeInPlace(out);
    }
    return out;
  }

  /**
   * Normalises each dimension of a sequence to zero mean and unit (population) variance; a
   * dimension with zero variance becomes zero.
   *
   * @param x {@code [frames][dims]}, changed in place
   */
  static void normalizeInPlace(float[][] x) {
    if (x.length == 0) {
      return;
    }
    int dims = x[0].length;
    for (int j = 0; j < dims; j++) {
      double mean = 0;
      for (float[] row : x) {
        mean += row[j];
      }
      mean /= x.length;
      double var = 0;
      for (float[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      var /= x.length;
      double scale = var > VARIANCE_FLOOR ? 1 / Math.sqrt(var) : 0;
      for (float[] row : x) {
        row[j] = (float) ((row[j] - mean) * scale);
      }
    }
  }
}
