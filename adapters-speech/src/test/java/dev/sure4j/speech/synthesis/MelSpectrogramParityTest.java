package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.Npy;
import dev.sure4j.speech.audio.WavReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Log-mel spectrograms against torchaudio on espeak-ng speech (tools/make_mel_fixtures.py). */
@Tag("parity")
class MelSpectrogramParityTest extends ManagedTest {
  private static final double TOLERANCE = 1e-3;

  static AudioClip clip(String name) throws IOException, URISyntaxException {
    return WavReader.read(
        Path.of(MelSpectrogramParityTest.class.getResource("/audio/mel/" + name).toURI()));
  }

  /** Computes the log-mel of a fixture WAV and asserts it is within the tolerance of the npy. */
  private void assertParity(MelConfig config, String wav, String reference, String label)
      throws Exception {
    MelSpectrogram mel = MelSpectrogram.of(config);
    float[] actual = mel.logMel(manager, mel.prepare(clip(wav)));
    Npy.Array expected = Npy.read("mel/" + reference);
    int[] shape = expected.shape();
    assertEquals(shape[0] * shape[1], actual.length, label);
    double diff = Npy.maxAbsDiff(actual, expected.data());
    System.out.printf(
        "log-mel %s [%d, %d]: max abs diff vs torchaudio %.3g%n", label, shape[0], shape[1], diff);
    assertTrue(diff < TOLERANCE, label + ": max abs diff " + diff);
  }

  @Test
  void hifiganPresetMatchesTorchaudio() throws Exception {
    assertParity(MelConfig.hifigan(), "speech_a.wav", "speech_a_hifigan.npy", "hifigan");
  }

  @Test
  void fastspeech2PresetMatchesTacotronStft() throws Exception {
    assertParity(
        MelConfig.fastspeech2(), "speech_a.wav", "speech_a_fastspeech2.npy", "fastspeech2");
  }

  @Test
  void customSettingsMatchTorchaudio() throws Exception {
    MelConfig config =
        MelConfig.builder()
            .optSampleRate(16000)
            .optNFft(512)
            .optWinLength(400)
            .optHopLength(160)
            .optNMels(40)
            .optFMin(20)
            .optFMax(8000)
            .optPower(2.0)
            .optMelScale(MelScale.HTK)
            .optNorm(MelNorm.NONE)
            .optLogFloor(1e-10)
            .build();
    assertParity(config, "speech_c_16k.wav", "speech_c_16k_custom.npy", "16 kHz htk power 2");
  }

  @Test
  void resamplesToThePresetRate() throws Exception {
    assertEquals(16000, clip("speech_c_16k.wav").sampleRate());
    assertParity(
        MelConfig.hifigan(),
        "speech_c_16k.wav",
        "speech_c_16k_hifigan.npy",
        "16 kHz resampled to hifigan");
  }

  @Test
  void paddedBatchGivesEveryWaveformItsOwnFrames() throws Exception {
    MelSpectrogram mel = MelSpectrogram.of(MelConfig.hifigan());
    float[] a = clip("speech_a.wav").channel(0);
    float[] b = clip("speech_b.wav").channel(0);
    float[] batch = new float[2 * a.length];
    System.arraycopy(b, 0, batch, 0, b.length);
    System.arraycopy(a, 0, batch, a.length, a.length);
    Npy.Array expectedA = Npy.read("mel/speech_a_hifigan.npy");
    Npy.Array expectedB = Npy.read("mel/speech_b_hifigan.npy");
    try (NDManager scope = manager.newSubManager()) {
      NDArray waves = scope.create(batch, new Shape(2, a.length));
      NDArray out = mel.logMel(waves, new int[] {b.length, a.length});
      int frames = expectedA.shape()[1];
      int framesB = expectedB.shape()[1];
      assertEquals(new Shape(2, 80, frames), out.getShape());
      float[] flat = out.toFloatArray();
      float[] gotB = new float[80 * framesB];
      float[] gotA = new float[80 * frames];
      for (int m = 0; m < 80; m++) {
        System.arraycopy(flat, m * frames, gotB, m * framesB, framesB);
        System.arraycopy(flat, (80 + m) * frames, gotA, m * frames, frames);
        for (int t = framesB; t < frames; t++) {
          assertEquals((float) Math.log(1e-5), flat[m * frames + t], 0f, "padding frame " + t);
        }
      }
      double diffA = Npy.maxAbsDiff(gotA, expectedA.data());
      double diffB = Npy.maxAbsDiff(gotB, expectedB.data());
      System.out.printf(
          "log-mel padded batch [2, 80, %d] (lengths %d, %d): max abs diff vs torchaudio %.3g,"
              + " %.3g%n",
          frames, b.length, a.length, diffB, diffA);
      assertTrue(diffA < TOLERANCE, "max abs diff, long waveform " + diffA);
      assertTrue(diffB < TOLERANCE, "max abs diff, padded waveform " + diffB);
    }
  }
}
