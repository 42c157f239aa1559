package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Mcd} (fairseq's definition) on hand-computed values; parity is FairseqMcdParityTest. */
class McdTest extends ManagedTest {

  @Test
  void tiesTakeTheLeftStepFirstAsFairseq() {
    // all distances 0: torch.min picks the first of (left, diagonal, up), so fairseq's path runs
    // down the first column and along the last row (its pathmaps of zeros(2, 2), (3, 2), (2, 3))
    Mcd.Result square = Mcd.ofMfcc(new double[2][1], new double[2][1]);
    assertEquals(3, square.pathLength());
    assertEquals(1, square.insertions());
    assertEquals(1, square.deletions());
    Mcd.Result tall = Mcd.ofMfcc(new double[3][1], new double[2][1]);
    assertEquals(4, tall.pathLength());
    assertEquals(1, tall.insertions());
    assertEquals(2, tall.deletions());
    assertEquals(0.0, tall.distortion());
  }

  @Test
  void distanceIsTheRootMeanSquareOverCoefficients() {
    double[] a = new double[13];
    double[] b = new double[13];
    b[0] = 3;
    b[12] = -4;
    assertEquals(5 / Math.sqrt(13), Mcd.rmsDistance(a, b), 1e-12);
    // one frame against two equal ones: path of 2 pairs, 5 / sqrt(13) per pair
    Mcd.Result r = Mcd.ofMfcc(new double[][] {a}, new double[][] {b, b});
    assertEquals(2, r.pathLength());
    assertEquals(5 / Math.sqrt(13), r.distortion(), 1e-12);
    assertEquals(2 * 5 / Math.sqrt(13), r.cumulative(), 1e-12);
    assertEquals(1, r.insertions());
    assertEquals(0, r.deletions());
  }

  @Test
  void aGainMovesOnlyTheEnergyCoefficient() {
    Random random = new Random(4);
    float[] x = new float[22050];
    float[] louder = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.1 * random.nextGaussian());
      louder[i] = 2 * x[i];
    }
    Mcd mcd = Mcd.of(22050);
    Mcd.Result same = mcd.compare(manager, x, x);
    assertEquals(0.0, same.distortion(), 1e-9);
    assertEquals(1 + 22050 / 275, same.pathLength());
    // power x4 adds ln 4 to every log-mel value (the 1e-6 offset is negligible here), which the
    // orthonormal DCT turns into ln 4 * sqrt(80) on c_0 alone: rms over 13 = 2 ln 2 sqrt(80 / 13)
    Mcd.Result gain = mcd.compare(manager, x, louder);
    System.out.printf("fairseq MCD of noise vs noise x 2: %.6f%n", gain.distortion());
    assertEquals(2 * Math.log(2) * Math.sqrt(80.0 / 13), gain.distortion(), 1e-4);
    assertEquals(0, gain.insertions());
    assertEquals(0, gain.deletions());
  }

  @Test
  void rejectsAnImpossiblePath() {
    assertThrows(IllegalArgumentException.class, () -> new Mcd.Result(1, 3, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new Mcd.Result(1, 3, 2, 5));
  }
}
