package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("parity")
class ResamplerTest {

  @ParameterizedTest(name = "{0} {1} Hz -> 16 kHz")
  @CsvSource({
    "chirp, 8000",
    "chirp, 22050",
    "chirp, 44100",
    "chirp, 48000",
    "noise, 8000",
    "noise, 22050",
    "noise, 44100",
    "noise, 48000"
  })
  void matchesTorchaudioResample(String signal, int rate) {
    float[] input = Npy.read("resample/" + signal + "_" + rate + ".npy").data();
    float[] expected32 = Npy.read("resample/" + signal + "_" + rate + "_16k.npy").data();
    float[] expected64 = Npy.read("resample/" + signal + "_" + rate + "_16k_f64.npy").data();
    float[] actual = Resampler.of(rate, 16000).resample(input);
    double diff64 = Npy.maxAbsDiff(actual, expected64);
    double diff32 = Npy.maxAbsDiff(actual, expected32);
    System.out.printf(
        "resample %s %5d -> 16000 Hz: %d -> %d samples, max abs diff vs torchaudio float64 %.3g,"
            + " vs torchaudio float32 %.3g%n",
        signal, rate, input.length, actual.length, diff64, diff32);
    assertTrue(diff64 < 1e-6, "max abs diff vs float64 reference " + diff64);
    // torchaudio's float32 kernel carries rounding of t = idx / orig for large reduced rates (441,
    // 147)
    assertTrue(diff32 < 3e-5, "max abs diff vs float32 reference " + diff32);
  }

  @ParameterizedTest(name = "{0} Hz tone at {1} Hz")
  @CsvSource({"44100, 10500", "44100, 12000", "48000, 11000", "48000, 20000", "22050, 10500"})
  void removesToneAboveTheNewNyquist(int rate, double freq) {
    // the Hann-windowed kernel (6 zero crossings) has its transition band between 7.92 and about
    // 10.5 kHz
    float[] y = Resampler.of(rate, 16000).resample(tone(rate, freq, 2.0));
    double rms = rms(y, 1000, y.length - 1000);
    double db = 20 * Math.log10(rms / Math.sqrt(0.5));
    System.out.printf("stop band %5d Hz -> 16000 Hz, %.0f Hz tone: %.1f dB%n", rate, freq, db);
    assertTrue(db < -40, "attenuation only " + db + " dB");
  }

  /**
   * Tolerances: 0.02 dB up to half the lower Nyquist frequency, 0.15 dB up to three quarters of it.
   */
  @ParameterizedTest(name = "{0} Hz tone at {1} Hz")
  @CsvSource({
    "48000, 100, 0.02",
    "48000, 1000, 0.02",
    "48000, 4000, 0.02",
    "48000, 6000, 0.15",
    "44100, 3000, 0.02",
    "8000, 300, 0.02",
    "8000, 3000, 0.15",
    "22050, 5000, 0.15"
  })
  void keepsPassBandFlat(int rate, double freq, double toleranceDb) {
    float[] y = Resampler.of(rate, 16000).resample(tone(rate, freq, 2.0));
    double gain = rms(y, 1000, y.length - 1000) / Math.sqrt(0.5);
    double db = 20 * Math.log10(gain);
    System.out.printf("pass band %5d Hz -> 16000 Hz, %.0f Hz tone: gain %.4f dB%n", rate, freq, db);
    assertEquals(0.0, db, toleranceDb, "gain in dB");
  }

  @Test
  void outputLengthIsCeilOfRatio() {
    assertEquals(3, Resampler.of(44100, 16000).outputLength(7));
    assertEquals(16000, Resampler.of(44100, 16000).outputLength(44100));
    assertEquals(4, Resampler.of(8000, 16000).outputLength(2));
    assertEquals(0, Resampler.of(8000, 16000).resample(new float[0]).length);
  }

  @Test
  void outputLengthsBeyondAnArrayAreRefused() {
    Resampler up = Resampler.of(1000, 384000);
    assertEquals(384 * 5_000_000, up.outputLength(5_000_000));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> up.outputLength(10_000_000));
    assertEquals(
        "resampling 10000000 samples from 1000 Hz to 384000 Hz gives 3840000000 samples, more"
            + " than an array holds",
        e.getMessage());
  }

  @Test
  void aCoprimeRateAtTheTopOfTheRangeBuildsOnlyItsWindow() {
    // 383999 and 16000 share no factor: 16000 phases of a 384291-tap kernel, of which about 300
    // taps per phase are inside the window
    long start = System.nanoTime();
    Resampler r = Resampler.of(383_999, 16000);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("383999 -> 16000 Hz resampler built in %.2f s%n", seconds);
    assertTrue(seconds < 5, "took " + seconds + " s");
    float[] y = r.resample(tone(383_999, 1000, 0.5));
    double db = 20 * Math.log10(rms(y, 1000, y.length - 1000) / Math.sqrt(0.5));
    assertEquals(0.0, db, 0.02, "1 kHz tone gain in dB");
  }

  @Test
  void equalRatesCopy() {
    float[] x = {0.1f, -0.2f, 0.3f};
    assertArrayEquals(x, Resampler.of(16000, 16000).resample(x));
  }

  @Test
  void resamplesEveryChannelOfAClip() {
    float[] a = tone(8000, 440, 0.1);
    float[] b = tone(8000, 880, 0.1);
    AudioClip out = Resampler.of(8000, 16000).resample(AudioClip.of(new float[][] {a, b}, 8000));
    assertEquals(16000, out.sampleRate());
    assertArrayEquals(Resampler.of(8000, 16000).resample(b), out.channel(1));
  }

  private static float[] tone(int rate, double freq, double seconds) {
    float[] x = new float[(int) (rate * seconds)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * freq * i / rate);
    }
    return x;
  }

  private static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }
}
