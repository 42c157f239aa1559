package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A padded batch gives every waveform the log-mel it gets alone, for any lengths and sizes. */
class MelBatchPropertyTest {

  @Property(tries = 40)
  void batchedEqualsOneByOne(
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 5, max = 9) int fftPower,
      @ForAll @IntRange(min = 1, max = 4) int hopDivisor,
      @ForAll @IntRange(min = 8, max = 40) int nMels,
      @ForAll long seed) {
    int nFft = 1 << fftPower;
    MelConfig config =
        MelConfig.builder()
            .optSampleRate(16000)
            .optNFft(nFft)
            .optWinLength(nFft - nFft / 8)
            .optHopLength(nFft / (hopDivisor + 1))
            .optNMels(nMels)
            .optFMax(8000)
            .build();
    MelSpectrogram mel = MelSpectrogram.of(config);
    Random random = new Random(seed);
    int[] lengths = new int[batch];
    for (int b = 0; b < batch; b++) {
      lengths[b] = nFft / 2 + 1 + random.nextInt(4000);
    }
    int samples = Arrays.stream(lengths).max().orElseThrow();
    float[][] waves = new float[batch][];
    float[] padded = new float[batch * samples];
    for (int b = 0; b < batch; b++) {
      waves[b] = new float[lengths[b]];
      for (int i = 0; i < lengths[b]; i++) {
        waves[b][i] = (float) (0.3 * random.nextGaussian());
      }
      System.arraycopy(waves[b], 0, padded, b * samples, lengths[b]);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray out = mel.logMel(manager.create(padded, new Shape(batch, samples)), lengths);
      int frames = config.frames(samples);
      assertEquals(new Shape(batch, nMels, frames), out.getShape());
      float[] flat = out.toFloatArray();
      float floor = (float) Math.log(config.logFloor());
      for (int b = 0; b < batch; b++) {
        float[] alone = mel.logMel(manager, waves[b]);
        int own = config.frames(lengths[b]);
        assertEquals(nMels * own, alone.length);
        for (int m = 0; m < nMels; m++) {
          for (int t = 0; t < frames; t++) {
            float got = flat[(b * nMels + m) * frames + t];
            if (t < own) {
              float want = alone[m * own + t];
              assertTrue(
                  Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want)),
                  "waveform " + b + " mel " + m + " frame " + t + ": " + got + " vs " + want);
            } else {
              assertEquals(floor, got, 0f, "padding frame " + t + " of waveform " + b);
            }
          }
        }
      }
    }
  }
}
