package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TtsRecipes#adapt} of the bundled {@code models/mini-tts} to a corpus of pure tones, whose
 * pitch and energy statistics are known by hand: with {@link AdaptationStats#VOICE} it trains with
 * them, saves them ({@value VoiceStatsFile#FILE}) and reports them in {@code metrics.json}; with
 * {@link AdaptationStats#BASE} it keeps the base model's and saves nothing.
 */
class TtsAdaptVoiceStatsTest {

  private static final Path BASE = Path.of("..", "models", "mini-tts");

  /** {@code stats.pitchMean} of {@code models/mini-tts/tts_config.json}. */
  private static final double BASE_PITCH_MEAN = 4.564348704107962;

  private static final int RATE = 22_050;

  @TempDir Path dir;

  /** One second of {@code amplitude * sin(2 pi f t)}: 87 centred frames of hop 256. */
  private Path tone(String name, double hz, double amplitude) throws Exception {
    float[] s = new float[RATE];
    for (int n = 0; n < s.length; n++) {
      s[n] = (float) (amplitude * Math.sin(2 * Math.PI * hz * n / RATE));
    }
    Path wav = dir.resolve(name + ".wav");
    WavWriter.write(wav, AudioClip.mono(s, RATE), SampleFormat.PCM_S16);
    return wav;
  }

  private TtsCorpus corpus() throws Exception {
    String csv =
        "path,text,speaker,split\n"
            + tone("low", 200, 0.2)
            + ",a cat sat.,v,train\n"
            + tone("high", 400, 0.4)
            + ",hello world.,v,train\n"
            + tone("mid", 300, 0.3)
            + ",open the door.,v,test\n";
    Path manifest = dir.resolve("tones.csv");
    Files.writeString(manifest, csv);
    return TtsCorpus.read("manifest:" + manifest);
  }

  private Map<String, Object> adapt(AdaptationStats stats, Path out) throws Exception {
    return TtsRecipes.adapt(
        TtsAdaptation.builder()
            .setBase(BASE)
            .setCorpus(corpus())
            .setMethod(TtsMethod.SPEAKER)
            .setOptions(new TtsTrainingOptions(2, 2, 5e-3f, 1.0, 0f, 0, 1))
            .setOutputDir(out)
            .optStats(stats)
            .build(),
        System.out);
  }

  @Test
  void voiceStatisticsAreTheCorpusMomentsAndAreSavedAndReported() throws Exception {
    Path out = dir.resolve("voice");
    adapt(AdaptationStats.VOICE, out);
    FeatureStats s = VoiceStatsFile.read(out).orElseThrow();
    // two tones of equal length: ln F0 is ln 200 on half the frames and ln 400 on the other half,
    // mean (ln 200 + ln 400) / 2 = 5.6451, deviation ln 2 / 2 = 0.3466
    assertEquals((Math.log(200) + Math.log(400)) / 2, s.pitchMean(), 0.01);
    assertEquals(Math.log(2) / 2, s.pitchStd(), 0.01);
    // Hann-windowed one-sided STFT of A sin: E = nFft A sqrt(3 / 32) = 313.5 A, for A = 0.2 and 0.4
    assertEquals(313.5 * 0.3, s.energyMean(), 313.5 * 0.3 * 0.01);
    assertEquals(313.5 * 0.1, s.energyStd(), 313.5 * 0.1 * 0.02);

    JsonObject m =
        JsonParser.parseString(Files.readString(out.resolve(TtsRecipes.METRICS))).getAsJsonObject();
    assertEquals(true, m.get("voice_stats").getAsBoolean());
    assertEquals(s.pitchMean(), m.get("pitch_mean_ln_hz").getAsDouble(), 1e-12);
    assertEquals(s.pitchStd(), m.get("pitch_std_ln_hz").getAsDouble(), 1e-12);
    assertEquals(s.energyMean(), m.get("energy_mean").getAsDouble(), 1e-12);
    assertEquals(BASE_PITCH_MEAN, m.get("pitch_mean_ln_hz_before").getAsDouble(), 1e-12);

    try (NDManager manager = NDManager.newBaseManager()) {
      TtsModelFiles.Loaded base = TtsModelFiles.load(BASE, manager);
      TtsAdapterFiles.Loaded loaded = TtsAdapterFiles.load(out, base.block());
      assertEquals(s.pitchMean(), loaded.stats(base.config().stats()).pitchMean(), 0);
    }
  }

  @Test
  void baseStatisticsAreKeptWhenAsked() throws Exception {
    Path out = dir.resolve("base");
    adapt(AdaptationStats.BASE, out);
    assertFalse(Files.exists(out.resolve(VoiceStatsFile.FILE)));
    JsonObject m =
        JsonParser.parseString(Files.readString(out.resolve(TtsRecipes.METRICS))).getAsJsonObject();
    assertEquals(false, m.get("voice_stats").getAsBoolean());
    assertEquals(BASE_PITCH_MEAN, m.get("pitch_mean_ln_hz").getAsDouble(), 1e-12);
    assertEquals(BASE_PITCH_MEAN, m.get("pitch_mean_ln_hz_before").getAsDouble(), 1e-12);
  }
}
