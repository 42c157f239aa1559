package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TtsRecipes#adapt} of the bundled {@code models/mini-tts} to three clips of the held-out
 * voice with the speaker table, 2 steps: with an alignment weight of 1 the aligner trains on the
 * voice and is counted apart from the method's values and never saved; with 0 it stays frozen.
 */
class TtsAdaptAlignerTest {

  private static final Path BASE = Path.of("..", "models", "mini-tts");

  /**
   * The aligner of {@code models/mini-tts} by hand (33 symbols, D = 64, 80 mels, width 80, every
   * convolution with a bias): token table 33 x 64, keys 64 -> 128 (k 3) -> 80, queries 80 -> 160 (k
   * 3) -> 80 -> 80.
   */
  private static final long ALIGNER =
      33 * 64
          + (64 * 128 * 3 + 128)
          + (128 * 80 + 80)
          + (80 * 160 * 3 + 160)
          + (160 * 80 + 80)
          + (80 * 80 + 80);

  @TempDir Path dir;

  private JsonObject adapt(float alignWeight, Path out) throws Exception {
    TtsRecipes.adapt(
        TtsAdaptation.builder()
            .setBase(BASE)
            .setCorpus(AdaptClips.corpus(dir))
            .setMethod(TtsMethod.SPEAKER)
            .setOptions(new TtsTrainingOptions(2, 2, 5e-3f, 1.0, alignWeight, 0, 1))
            .setOutputDir(out)
            .optStats(AdaptationStats.VOICE)
            .build(),
        System.out);
    return JsonParser.parseString(Files.readString(out.resolve(TtsRecipes.METRICS)))
        .getAsJsonObject();
  }

  private static List<String> files(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void adaptedAlignerTrainsApartFromTheSpeakerTableAndIsNotSaved() throws Exception {
    Path out = dir.resolve("adapted");
    JsonObject m = adapt(1f, out);
    assertEquals(ALIGNER, m.get("aligner_trainable_params").getAsLong());
    assertEquals(4 * 64, m.get("trainable_params").getAsLong(), "the speaker table: 4 x 64");
    assertEquals(1.0, m.get("align_weight").getAsDouble());
    assertTrue(Double.isFinite(m.get("align_loss_first").getAsDouble()), m.toString());
    assertEquals(
        List.of(
            TtsRecipes.METRICS, PaceFile.FILE, TtsAdapterFiles.SPEAKER_FILE, VoiceStatsFile.FILE),
        files(out));
  }

  @Test
  void weightZeroKeepsTheAlignerFrozen() throws Exception {
    Path out = dir.resolve("frozen");
    JsonObject m = adapt(0f, out);
    assertEquals(0, m.get("aligner_trainable_params").getAsLong());
    assertEquals(4 * 64, m.get("trainable_params").getAsLong());
    assertTrue(Double.isNaN(m.get("align_loss_first").getAsDouble()), m.toString());
  }
}
