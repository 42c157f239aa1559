package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the fixture's config files, and the one-line errors of bad ones. */
class WhisperConfigTest extends ManagedTest {

  @TempDir Path tmp;

  @Test
  void readsTheFixtureConfigs() {
    WhisperConfig c = WhisperConfig.fromFile(WhisperFixtures.model().resolve("config.json"));
    assertEquals(32, c.dModel());
    assertEquals(80, c.numMelBins());
    assertEquals(3000, c.melFrames());
    assertEquals(382, c.vocabSize());
    assertEquals(321, c.decoderStartTokenId());
    WhisperGenerationConfig g =
        WhisperGenerationConfig.fromFile(
            WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG));
    assertArrayEquals(new long[] {321, 322, 326, 330}, g.prompt());
    assertEquals(
        g.suppressTokens().size() + g.beginSuppressTokens().size(), g.suppressedAt(0).length);
    assertEquals(g.suppressTokens().size(), g.suppressedAt(1).length);
  }

  @Test
  void errorsNameTheFileAndTheKey() throws Exception {
    String json =
        Files.readString(WhisperFixtures.model().resolve("config.json"), StandardCharsets.UTF_8);
    Path noWidth = write("no_width.json", json.replace("\"d_model\"", "\"width\""));
    String m1 =
        assertThrows(IllegalArgumentException.class, () -> WhisperConfig.fromFile(noWidth))
            .getMessage();
    assertTrue(m1.contains("no_width.json") && m1.contains("d_model"), m1);
    assertFalse(m1.contains("\n"), m1);
    Path badHeads =
        write(
            "bad_heads.json",
            json.replace("\"decoder_attention_heads\": 4", "\"decoder_attention_heads\": 5"));
    String m2 =
        assertThrows(IllegalArgumentException.class, () -> WhisperConfig.fromFile(badHeads))
            .getMessage();
    assertTrue(m2.contains("bad_heads.json") && m2.contains("decoder_attention_heads 5"), m2);
    assertThrows(
        IllegalArgumentException.class,
        () -> new WhisperGenerationConfig(1, 2, List.of(List.of(2, 5)), List.of(), List.of(), 9));
  }

  @Test
  void checkpointOfAnotherWidthIsRefusedNamingTheTensor() {
    WhisperConfig c = WhisperConfig.fromFile(WhisperFixtures.model().resolve("config.json"));
    WhisperModel narrow = new WhisperModel(c.toBuilder().optDModel(16).optFfnDim(32).build());
    narrow.initialize(manager, DataType.FLOAT32, narrow.inputShapes(1, 1));
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    HfCheckpointLoader.loadWeights(
                        narrow, WhisperFixtures.model(), "Whisper model"))
            .getMessage();
    assertTrue(m.contains("does not fit the Whisper model"), m);
    assertTrue(m.contains("model.encoder.conv1.weight"), m);
  }

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }
}
