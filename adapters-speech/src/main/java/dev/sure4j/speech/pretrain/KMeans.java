package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Random;

/**
 * K-means clustering with k-means++ initialisation and Lloyd iterations, seeded, on float vectors
 * (HuBERT's unit discovery). An empty cluster is re-seeded with the point farthest from its
 * centroid.
 */
public final class KMeans {

  private final float[][] centroids;
  private final double inertia;
  private final int iterations;

  private KMeans(float[][] centroids, double inertia, int iterations) {
    this.centroids = centroids;
    this.inertia = inertia;
    this.iterations = iterations;
  }

  /**
   * Clusters points.
   *
   * @param points {@code [n][dims]}, {@code n >= k}
   * @param k clusters
   * @param maxIterations the most Lloyd iterations; stops earlier when no assignment changes
   * @param seed seed of the k-means++ draws
   * @return the fitted model
   */
  public static KMeans fit(float[][] points, int k, int maxIterations, long seed) {
    checkArgument(k > 0, "k must be > 0: %s", k);
    checkArgument(points.length >= k, "%s points for %s clusters", points.length, k);
    checkArgument(maxIterations > 0, "iterations must be > 0: %s", maxIterations);
    int dims = points[0].length;
    for (int i = 0; i < points.length; i++) {
      checkArgument(
          points[i].length == dims, "point %s has %s values, not %s", i, points[i].length, dims);
    }
    float[][] c = plusPlus(points, k, new Random(seed));
    int[] assign = new int[points.length];
    Arrays.fill(assign, -1);
    double inertia = 0;
    int it = 0;
    while (it < maxIterations) {
      it++;
      boolean changed = false;
      inertia = 0;
      double[] dist = new double[points.length];
      for (int i = 0; i < points.length; i++) {
        int best = nearest(c, points[i]);
        dist[i] = squared(c[best], points[i]);
        inertia += dist[i];
        if (best != assign[i]) {
          assign[i] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[][] sum = new double[k][dims];
      int[] count = new int[k];
      for (int i = 0; i < points.length; i++) {
        count[assign[i]]++;
        for (int j = 0; j < dims; j++) {
          sum[assign[i]][j] += points[i][j];
        }
      }
      for (int m = 0; m < k; m++) {
        if (count[m] == 0) {
          int far = 0;
          for (int i = 1; i < points.length; i++) {
            if (dist[i] > dist[far]) {
              far = i;
            }
          }
          c[m] = points[far].clone();
          dist[far] = 0;
          continue;
        }
        for (int j = 0; j < dims; j++) {
          c[m][j] = (float) (sum[m][j] / count[m]);
        }
      }
    }
    return new KMeans(c, inertia, it);
  }

  private static float[][] plusPlus(float[][] points, int k, Random rng) {
    float[][] c = new float[k][];
    c[0] = points[rng.nextInt(points.length)].clone();
    double[] d = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      d[i] = squared(c[0], points[i]);
    }
    for (int m = 1; m < k; m++) {
      double total = 0;
      for (double v : d) {
        total += v;
      }
      int pick = points.length - 1;
      double r = rng.nextDouble() * total;
      for (int i = 0; i < points.length; i++) {
        r -= d[i];
        if (r < 0) {
          pick = i;
          break;
        }
      }
      c[m] = points[pick].clone();
      for (int i = 0; i < points.length; i++) {
        d[i] = Math.min(d[i], squared(c[m], points[i]));
      }
    }
    return c;
  }

  private static int nearest(float[][] c, float[] x) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int m = 0; m < c.length; m++) {
      double d = squared(c[m], x);
      if (d < bestD) {
        bestD = d;
        best = m;
      }
    }
    return best;
  }

  private static double squared(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }

  /**
   * Returns the index of the nearest centroid (squared Euclidean distance; ties go to the lower
   * index).
   *
   * @param x {@code [dims]}
   * @return the cluster, in {@code [0, k)}
   */
  public int assign(float[] x) {
    checkArgument(
        x.length == centroids[0].length,
        "point has %s values, the centroids %s",
        x.length,
        centroids[0].length);
    return nearest(centroids, x);
  }

  /**
   * Assigns every frame of a sequence.
   *
   * @param frames {@code [frames][dims]}
   * @return {@code [frames]} cluster indices
   */
  public int[] assignAll(float[][] frames) {
    int[] out = new int[frames.length];
    for (int t = 0; t < frames.length; t++) {
      out[t] = assign(frames[t]);
    }
    return out;
  }

  /**
   * Returns the number of clusters.
   *
   * @return {@code k}
   */
  public int k() {
    return centroids.length;
  }

  /**
   * Returns a copy of the centroids.
   *
   * @return {@code [k][dims]}
   */
  public float[][] centroids() {
    float[][] out = new float[centroids.length][];
    for (int m = 0; m < centroids.length; m++) {
      out[m] = centroids[m].clone();
    }
    return out;
  }

  /**
   * Returns the sum of squared distances of the training points to their centroids, at the last
   * assignment.
   *
   * @return the inertia
   */
  public double inertia() {
    return inertia;
  }

  /**
   * Returns the Lloyd iterations run.
   *
   * @return iterations, {@code >= 1}
   */
  public int iterations() {
    return iterations;
  }
}
