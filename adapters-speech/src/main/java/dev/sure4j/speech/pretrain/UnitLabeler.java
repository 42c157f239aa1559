package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * HuBERT's first-iteration targets: k-means units of {@link MfccFeatures}, one per encoder frame.
 */
public final class UnitLabeler {

  private final MfccFeatures features;
  private final KMeans kmeans;

  private UnitLabeler(MfccFeatures features, KMeans kmeans) {
    this.features = features;
    this.kmeans = kmeans;
  }

  /**
   * Clusters the frames of the given waveforms.
   *
   * @param features the frame features
   * @param waves training waveforms, each {@code [samples]}
   * @param k clusters
   * @param iterations the most Lloyd iterations
   * @param seed seed of the k-means++ draws
   * @return the labeler
   */
  public static UnitLabeler fit(
      MfccFeatures features, List<float[]> waves, int k, int iterations, long seed) {
    checkArgument(features != null, "features must not be null");
    List<float[]> frames = new ArrayList<>();
    for (float[] w : waves) {
      for (float[] f : features.compute(w)) {
        frames.add(f);
      }
    }
    return new UnitLabeler(
        features, KMeans.fit(frames.toArray(new float[0][]), k, iterations, seed));
  }

  /**
   * Labels the frames of one waveform.
   *
   * @param wave {@code [samples]}
   * @return {@code [frames]} units in {@code [0, k)}
   */
  public int[] label(float[] wave) {
    return kmeans.assignAll(features.compute(wave));
  }

  /**
   * Returns the clustering.
   *
   * @return the k-means model
   */
  public KMeans kmeans() {
    return kmeans;
  }
}
