package dev.sure4j.speech.tts.pitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Yin} on synthetic tones, silence, noise and a glide. */
class YinTest {
  private static final YinConfig CONFIG = YinConfig.tts();
  private static final int SR = 22050;
  private static final int HOP = 256;

  /** Frames whose 1024-sample span lies inside the signal (no reflected samples). */
  private static final int EDGE = 2;

  @ParameterizedTest
  @ValueSource(doubles = {100, 220, 440})
  void sineWithinOnePercent(double hz) {
    float[] wave = tone(SR, t -> 0.5 * Math.sin(2 * Math.PI * hz * t));
    assertWithinOnePercent(Yin.track(wave, CONFIG), hz, "sine");
  }

  @ParameterizedTest
  @ValueSource(doubles = {100, 220, 440})
  void sawtoothWithinOnePercent(double hz) {
    float[] wave = tone(SR, t -> 0.5 * (2 * (t * hz - Math.floor(t * hz)) - 1));
    assertWithinOnePercent(Yin.track(wave, CONFIG), hz, "sawtooth");
  }

  @Test
  void frameCountMatchesTheMelFrames() {
    assertEquals(1 + 22050 / HOP, Yin.track(new float[22050], CONFIG).frames());
    assertEquals(1 + 1000 / HOP, Yin.track(new float[1000], CONFIG).frames());
  }

  @Test
  void silenceIsUnvoiced() {
    PitchTrack track = Yin.track(new float[SR], CONFIG);
    for (int i = 0; i < track.frames(); i++) {
      assertFalse(track.voiced()[i], "frame " + i);
      assertEquals(0f, track.f0()[i]);
    }
  }

  @Test
  void whiteNoiseIsUnvoiced() {
    Random random = new Random(5);
    float[] wave = new float[SR];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (0.3 * random.nextGaussian());
    }
    PitchTrack track = Yin.track(wave, CONFIG);
    int voiced = 0;
    for (boolean v : track.voiced()) {
      voiced += v ? 1 : 0;
    }
    System.out.printf("YIN white noise: %d of %d frames voiced%n", voiced, track.frames());
    assertEquals(0, voiced);
  }

  @Test
  void glideIsTrackedMonotonically() {
    double f0 = 120;
    double f1 = 360;
    double seconds = 1.5;
    double rate = (f1 - f0) / seconds;
    // phase of a linear chirp: 2 pi (f0 t + rate t^2 / 2)
    float[] wave =
        tone((int) (SR * seconds), t -> 0.5 * Math.sin(2 * Math.PI * (f0 * t + rate * t * t / 2)));
    PitchTrack track = Yin.track(wave, CONFIG);
    float[] hz = track.f0();
    double maxRelative = 0;
    for (int i = EDGE; i < track.frames() - EDGE; i++) {
      assertTrue(track.voiced()[i], "frame " + i);
      if (i > EDGE) {
        assertTrue(hz[i] > hz[i - 1], "frame " + i + ": " + hz[i - 1] + " -> " + hz[i] + " Hz");
      }
      double expected = f0 + rate * i * HOP / SR;
      maxRelative = Math.max(maxRelative, Math.abs(hz[i] - expected) / expected);
    }
    System.out.printf("YIN glide 120-360 Hz: max relative error %.4f%n", maxRelative);
    assertTrue(maxRelative < 0.03, "max relative error " + maxRelative);
  }

  private static void assertWithinOnePercent(PitchTrack track, double hz, String kind) {
    double maxRelative = 0;
    for (int i = EDGE; i < track.frames() - EDGE; i++) {
      assertTrue(track.voiced()[i], kind + " " + hz + " Hz frame " + i + " unvoiced");
      maxRelative = Math.max(maxRelative, Math.abs(track.f0()[i] - hz) / hz);
    }
    System.out.printf("YIN %s %.0f Hz: max relative error %.5f%n", kind, hz, maxRelative);
    assertTrue(maxRelative < 0.01, kind + " " + hz + " Hz: max relative error " + maxRelative);
  }

  static float[] tone(int samples, DoubleUnaryOperator signal) {
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) signal.applyAsDouble((double) i / SR);
    }
    return out;
  }
}
