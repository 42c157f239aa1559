package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;

/**
 * Several waveforms of different lengths padded to one batch, as {@code
 * Wav2Vec2FeatureExtractor(padding=True)} does: each row holds one waveform followed by the padding
 * value.
 */
public final class PaddedBatch {
  private final float[][] samples;
  private final int[] lengths;

  private PaddedBatch(float[][] samples, int[] lengths) {
    this.samples = samples;
    this.lengths = lengths;
  }

  /**
   * Pads waveforms to the length of the longest.
   *
   * @param waveforms at least one waveform, each [samples]
   * @param paddingValue the value of padded positions (the config's {@code padding_value})
   * @return the batch, [batch, maxSamples]
   */
  public static PaddedBatch pad(List<float[]> waveforms, float paddingValue) {
    Preconditions.checkArgument(!waveforms.isEmpty(), "cannot pad an empty list of waveforms");
    int max = 0;
    for (float[] w : waveforms) {
      max = Math.max(max, w.length);
    }
    float[][] samples = new float[waveforms.size()][max];
    int[] lengths = new int[waveforms.size()];
    for (int b = 0; b < samples.length; b++) {
      float[] w = waveforms.get(b);
      System.arraycopy(w, 0, samples[b], 0, w.length);
      Arrays.fill(samples[b], w.length, max, paddingValue);
      lengths[b] = w.length;
    }
    return new PaddedBatch(samples, lengths);
  }

  /**
   * Returns the batch size.
   *
   * @return the number of waveforms
   */
  public int batchSize() {
    return lengths.length;
  }

  /**
   * Returns the padded length.
   *
   * @return samples per row (the longest waveform's length)
   */
  public int maxLength() {
    return samples[0].length;
  }

  /**
   * Returns a copy of the padded samples.
   *
   * @return samples [batch, maxLength]
   */
  public float[][] samples() {
    float[][] copy = new float[samples.length][];
    for (int b = 0; b < samples.length; b++) {
      copy[b] = samples[b].clone();
    }
    return copy;
  }

  /**
   * Returns the samples as one row-major array, ready for {@code NDManager.create(float[], Shape)}.
   *
   * @return samples [batch * maxLength]
   */
  public float[] flat() {
    int t = maxLength();
    float[] out = new float[samples.length * t];
    for (int b = 0; b < samples.length; b++) {
      System.arraycopy(samples[b], 0, out, b * t, t);
    }
    return out;
  }

  /**
   * Returns the unpadded lengths.
   *
   * @return samples per waveform [batch]
   */
  public int[] lengths() {
    return lengths.clone();
  }

  /**
   * Returns the attention mask: 1 for real samples, 0 for padding.
   *
   * @return mask [batch, maxLength]
   */
  public int[][] attentionMask() {
    int[][] mask = new int[samples.length][maxLength()];
    for (int b = 0; b < mask.length; b++) {
      Arrays.fill(mask[b], 0, lengths[b], 1);
    }
    return mask;
  }
}
