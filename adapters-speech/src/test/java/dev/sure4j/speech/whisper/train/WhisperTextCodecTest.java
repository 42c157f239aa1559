package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transcripts as targets: the leading space, and refusals that name the file and line. */
class WhisperTextCodecTest {

  private static WhisperTextCodec codec(int maxPositions) {
    Path dir = TrainFixtures.model();
    return new WhisperTextCodec(
        WhisperTokenizer.fromDirectory(dir),
        WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG)),
        maxPositions);
  }

  @Test
  void transcriptsGetWhispersLeadingSpaceAndTheDirectorysPrefix() {
    WhisperTokenizer tokenizer = WhisperTokenizer.fromDirectory(TrainFixtures.model());
    ManifestEntry e = new ManifestEntry(Path.of("a.wav"), Map.of("transcript", "hello world "), 2);
    assertArrayEquals(tokenizer.encode(" hello world"), codec(448).textTokens(e));
    // the fixture's generation_config.json: 321 then forced 322, 326, 330
    assertArrayEquals(new long[] {321, 322, 326, 330}, codec(448).prefix());
  }

  @Test
  void aMissingOrTooLongTranscriptNamesTheFileAndLine() {
    ManifestEntry blank = new ManifestEntry(Path.of("b.wav"), Map.of("transcript", " "), 7);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec(448).textTokens(blank));
    assertTrue(e.getMessage().contains("b.wav (manifest line 7)"), e.getMessage());
    ManifestEntry longer =
        new ManifestEntry(Path.of("c.wav"), Map.of("transcript", "the quick brown fox"), 9);
    IllegalArgumentException tooLong =
        assertThrows(IllegalArgumentException.class, () -> codec(6).textTokens(longer));
    assertTrue(tooLong.getMessage().contains("c.wav (manifest line 9)"), tooLong.getMessage());
    assertTrue(tooLong.getMessage().contains("max_target_positions 6"), tooLong.getMessage());
  }
}
