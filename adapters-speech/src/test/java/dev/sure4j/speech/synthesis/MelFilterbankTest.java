package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MelFilterbankTest {

  @Test
  void scalesHaveTheirTextbookValues() {
    assertEquals(15.0, MelScale.SLANEY.hzToMel(1000), 1e-12);
    assertEquals(3.0, MelScale.SLANEY.hzToMel(200), 1e-12);
    assertEquals(15.0 + 27.0, MelScale.SLANEY.hzToMel(6400), 1e-9);
    assertEquals(2595 * Math.log10(2), MelScale.HTK.hzToMel(700), 1e-9);
    for (MelScale scale : MelScale.values()) {
      for (double hz : new double[] {0, 123, 999.9, 1000, 4321, 11025}) {
        assertEquals(hz, scale.melToHz(scale.hzToMel(hz)), 1e-9, scale + " round trip " + hz);
      }
    }
  }

  @Test
  void unnormalisedTrianglesPeakAtOneAtTheirCentres() {
    // 9 bins over 0..800 Hz (100 Hz apart); htk edges at 0, 400, 800 Hz in mels: one filter
    double[][] fb = MelFilterbank.fbanks(9, 0, 800, 1, 1600, MelNorm.NONE, MelScale.HTK);
    double centre = MelScale.HTK.melToHz(MelScale.HTK.hzToMel(800) / 2);
    for (int k = 0; k < 9; k++) {
      double f = 100.0 * k;
      double expected = f <= centre ? f / centre : (800 - f) / (800 - centre);
      assertEquals(expected, fb[k][0], 1e-12, "bin " + k);
    }
  }

  @Test
  void slaneyNormDividesByHalfTheWidth() {
    double[][] plain = MelFilterbank.fbanks(513, 0, 8000, 80, 22050, MelNorm.NONE, MelScale.SLANEY);
    double[][] norm =
        MelFilterbank.fbanks(513, 0, 8000, 80, 22050, MelNorm.SLANEY, MelScale.SLANEY);
    // filter 0 spans slaney mels 0 .. 2 * 45.245 / 81 in the linear region: 2 / width in Hz
    double width = 200.0 / 3 * 2 * MelScale.SLANEY.hzToMel(8000) / 81;
    assertEquals(plain[3][0] * 2 / width, norm[3][0], 1e-12);
  }

  @Test
  void configRejectsBadValuesWithTheValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MelConfig.builder().optFMax(12000).build());
    assertEquals("f_max 12000.0 Hz is above the Nyquist frequency of 11025.0 Hz", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> MelConfig.builder().optWinLength(2048).build());
    assertEquals(87, MelConfig.hifigan().frames(22050));
  }
}
