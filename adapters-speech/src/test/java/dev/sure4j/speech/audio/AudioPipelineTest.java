package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioPipelineTest {
  @TempDir Path dir;

  private static final AudioLoader WAV_ONLY = AudioLoader.of(List.of());

  @Test
  void stereo44kFileBecomes16kMonoOfTheExpectedLength() throws Exception {
    float[][] stereo = new float[2][44100];
    for (int i = 0; i < 44100; i++) {
      stereo[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
      stereo[1][i] = -stereo[0][i] + 0.25f; // mean of channels is a constant 0.125
    }
    Path file = dir.resolve("stereo.wav");
    WavWriter.write(file, AudioClip.of(stereo, 44100), SampleFormat.FLOAT32);
    AudioPipeline raw =
        AudioPipeline.builder()
            .optConfig(new PreprocessorConfig(false, 16000, 1, 0f, false))
            .optLoader(WAV_ONLY)
            .build();
    float[] x = raw.load(file);
    assertEquals(16000, x.length);
    double maxDev = 0;
    for (int i = 200; i < x.length - 200; i++) {
      maxDev = Math.max(maxDev, Math.abs(x[i] - 0.125));
    }
    System.out.printf(
        "downmix + resample of cancelling stereo: max deviation from 0.125 = %.3g%n", maxDev);
    assertTrue(maxDev < 1e-3, "deviation " + maxDev);
  }

  @Test
  void matchesTheFeatureExtractorPreprocessingOfA44kStereo24BitFile() throws Exception {
    float[] expected = Npy.read("speech/yes_44k_stereo24_input.npy").data();
    AudioPipeline pipeline =
        AudioPipeline.builder()
            .optConfig(PreprocessorConfig.defaults())
            .optLoader(WAV_ONLY)
            .build();
    float[] actual = pipeline.load(Npy.resourcePath("speech/yes_44k_stereo24.wav"));
    Npy.assertMaxAbsDiffBelow(
        "pipeline 44.1 kHz stereo 24-bit -> 16 kHz mono normalised: " + actual.length + " samples",
        "Python",
        actual,
        expected,
        5e-6);
  }

  @Test
  void normalisationGivesZeroMeanUnitVariance() {
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 + 0.1 * Math.sin(i * 0.37) + 0.05 * Math.cos(i * 1.3));
    }
    float[] y = AudioPipeline.normalize(x);
    double mean = 0;
    for (float v : y) {
      mean += v;
    }
    mean /= y.length;
    double var = 0;
    for (float v : y) {
      var += (v - mean) * (v - mean);
    }
    var /= y.length;
    System.out.printf("normalised: mean %.3g, variance %.6f%n", mean, var);
    assertEquals(0, mean, 1e-6);
    // var(x) / (var(x) + 1e-7) with var(x) about 0.00625
    assertEquals(1, var, 1e-4);
  }

  @Test
  void normalisationMatchesTheFeatureExtractorFormulaOnAKnownVector() {
    // x = [1, 2, 3, 4]: mean 2.5, population variance 1.25
    float[] y = AudioPipeline.normalize(new float[] {1, 2, 3, 4});
    double s = Math.sqrt(1.25 + 1e-7);
    assertArrayEquals(
        new float[] {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s)},
        y,
        1e-7f);
  }

  @Test
  void silenceNormalisesToZerosNotNan() throws Exception {
    float[] y =
        AudioPipeline.builder()
            .optLoader(WAV_ONLY)
            .build()
            .process(AudioClip.mono(new float[800], 16000), "s");
    for (float v : y) {
      assertEquals(0f, v);
    }
  }

  @Test
  void clipsShorterThanTheReceptiveFieldAreRejected() {
    AudioPipeline pipeline = AudioPipeline.builder().optLoader(WAV_ONLY).optMinSamples(400).build();
    // 1000 samples at 44.1 kHz -> ceil(1000 * 160 / 441) = 363 samples at 16 kHz
    AudioException e =
        assertThrows(
            AudioException.class,
            () -> pipeline.process(AudioClip.mono(new float[1000], 44100), "tiny.wav"));
    System.out.println(e.getMessage());
    assertEquals(
        "tiny.wav: 363 samples at 16000 Hz (0.0227 s) is shorter than the encoder's receptive field of 400"
            + " samples",
        e.getMessage());
  }

  @Test
  void nonFiniteSamplesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AudioClip.of(new float[][] {{0f, 0f}, {0f, Float.POSITIVE_INFINITY}}, 16000));
    assertEquals("sample 1 of channel 1 is Infinity (samples must be finite)", e.getMessage());
  }

  @Test
  void batchPadsWithThePaddingValueAndKeepsLengths() {
    PaddedBatch batch = PaddedBatch.pad(List.of(new float[] {1, 2, 3}, new float[] {4}), -0.5f);
    assertEquals(2, batch.batchSize());
    assertEquals(3, batch.maxLength());
    assertArrayEquals(new int[] {3, 1}, batch.lengths());
    assertArrayEquals(new float[] {1, 2, 3, 4, -0.5f, -0.5f}, batch.flat());
    assertArrayEquals(new int[] {1, 0, 0}, batch.attentionMask()[1]);
  }

  @Test
  void loadBatchUsesTheConfigsPaddingValue() throws Exception {
    Path a = dir.resolve("a.wav");
    Path b = dir.resolve("b.wav");
    WavWriter.write(a, AudioClip.mono(new float[500], 16000), SampleFormat.PCM_S16);
    WavWriter.write(b, AudioClip.mono(new float[450], 16000), SampleFormat.PCM_S16);
    AudioPipeline p =
        AudioPipeline.builder()
            .optConfig(new PreprocessorConfig(false, 16000, 1, 7f, true))
            .optLoader(WAV_ONLY)
            .build();
    PaddedBatch batch = p.loadBatch(List.of(a, b));
    assertArrayEquals(new int[] {500, 450}, batch.lengths());
    assertEquals(7f, batch.samples()[1][499]);
  }

  @Test
  void preprocessorConfigIsReadWithDefaultsForMissingKeys() throws Exception {
    Files.writeString(
        dir.resolve("preprocessor_config.json"),
        "{\"do_normalize\": false, \"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\","
            + " \"feature_size\": 1, \"padding_side\": \"right\", \"padding_value\": 0,"
            + " \"return_attention_mask\": false, \"sampling_rate\": 16000}");
    assertEquals(
        new PreprocessorConfig(false, 16000, 1, 0f, false), PreprocessorConfig.forCheckpoint(dir));
    Files.writeString(dir.resolve("preprocessor_config.json"), "{\"sampling_rate\": 8000}");
    assertEquals(
        new PreprocessorConfig(true, 8000, 1, 0f, false), PreprocessorConfig.forCheckpoint(dir));
  }

  @Test
  void absentPreprocessorConfigGivesTheDefaults() throws Exception {
    assertEquals(PreprocessorConfig.defaults(), PreprocessorConfig.forCheckpoint(dir));
    assertEquals(new PreprocessorConfig(true, 16000, 1, 0f, false), PreprocessorConfig.defaults());
  }

  @Test
  void invalidPreprocessorConfigNamesFileAndKey() throws Exception {
    Path f = dir.resolve("preprocessor_config.json");
    Files.writeString(f, "{\"do_normalize\": \"yes\"}");
    IOException e = assertThrows(IOException.class, () -> PreprocessorConfig.load(f));
    assertEquals(f + ": 'do_normalize' must be true or false, found \"yes\"", e.getMessage());
    Files.writeString(f, "{\"feature_size\": 80}");
    e = assertThrows(IOException.class, () -> PreprocessorConfig.load(f));
    assertTrue(e.getMessage().startsWith(f + ": feature_size 80 is not supported"), e.getMessage());
    Files.writeString(f, "{\"sampling_rate\": 16000.5}");
    e = assertThrows(IOException.class, () -> PreprocessorConfig.load(f));
    assertEquals(f + ": 'sampling_rate' must be an integer, found 16000.5", e.getMessage());
    Files.writeString(f, "{not json");
    e = assertThrows(IOException.class, () -> PreprocessorConfig.load(f));
    assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
  }

  @Test
  void missingAndUndecodableFilesAreClearErrors() throws Exception {
    assertThrows(NoSuchFileException.class, () -> WAV_ONLY.load(dir.resolve("nope.wav")));
    Path flac = dir.resolve("speech.flac");
    Files.write(flac, Npy.resource("speech/yes.flac"));
    AudioException e = assertThrows(AudioException.class, () -> WAV_ONLY.load(flac));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().startsWith(flac + ": not a WAV file"), e.getMessage());
    assertTrue(e.getMessage().contains("install ffmpeg, sox or flac"), e.getMessage());
  }
}
