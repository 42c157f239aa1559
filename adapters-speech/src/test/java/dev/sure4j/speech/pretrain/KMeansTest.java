package dev.sure4j.speech.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {

  private static final float[][] MEANS = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

  private static float[][] blobs(int perBlob, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[MEANS.length * perBlob][];
    for (int c = 0; c < MEANS.length; c++) {
      for (int i = 0; i < perBlob; i++) {
        x[c * perBlob + i] =
            new float[] {
              MEANS[c][0] + (float) r.nextGaussian() * 0.5f,
              MEANS[c][1] + (float) r.nextGaussian() * 0.5f
            };
      }
    }
    return x;
  }

  @Test
  void findsClearlySeparatedClusters() {
    int per = 50;
    float[][] x = blobs(per, 1);
    KMeans km = KMeans.fit(x, 4, 100, 7);
    Set<Integer> used = new HashSet<>();
    for (int c = 0; c < MEANS.length; c++) {
      int label = km.assign(x[c * per]);
      for (int i = 0; i < per; i++) {
        assertEquals(label, km.assign(x[c * per + i]), "blob " + c + " point " + i);
      }
      used.add(label);
      float[] centroid = km.centroids()[label];
      assertEquals(MEANS[c][0], centroid[0], 0.3f);
      assertEquals(MEANS[c][1], centroid[1], 0.3f);
    }
    assertEquals(4, used.size());
    // inertia ~ n * 2 * 0.25 for sigma 0.5 in 2 dims
    assertEquals(200 * 2 * 0.25, km.inertia(), 25);
  }

  @Test
  void sameSeedSameCentroids() {
    float[][] x = blobs(30, 2);
    float[][] a = KMeans.fit(x, 6, 20, 3).centroids();
    float[][] b = KMeans.fit(x, 6, 20, 3).centroids();
    for (int m = 0; m < a.length; m++) {
      assertArrayEquals(a[m], b[m]);
    }
  }

  @Test
  void rejectsMoreClustersThanPoints() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> KMeans.fit(new float[][] {{1f}}, 2, 10, 0));
    assertEquals("1 points for 2 clusters", e.getMessage());
  }
}
