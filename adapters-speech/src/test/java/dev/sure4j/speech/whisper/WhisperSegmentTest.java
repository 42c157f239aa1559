package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.primitives.Longs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Timestamp tokens to segments, and the prompt choices, on the fixture's tokenizer ({@code
 * <|0.00|>} is 331, one id per 0.02 s) and generation config.
 */
class WhisperSegmentTest {

  private static final WhisperTokenizer TOKENIZER =
      WhisperTokenizer.fromDirectory(WhisperFixtures.model());

  private static long at(double seconds) {
    return TOKENIZER.tokenId(String.format("<|%.2f|>", seconds));
  }

  private static long[] ids(Object... parts) {
    List<Long> out = new java.util.ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Double t) {
        out.add(at(t));
      } else {
        out.addAll(Longs.asList(TOKENIZER.encode((String) p)));
      }
    }
    return Longs.toArray(out);
  }

  @Test
  void pairedTimestampsCloseAndOpenSegments() {
    long[] tokens = ids(0.0, " the cat", 0.4, 0.4, " sat", 0.9);
    assertEquals(
        List.of(new WhisperSegment(0.0, 0.4, " the cat"), new WhisperSegment(0.4, 0.9, " sat")),
        WhisperSegment.split(tokens, TOKENIZER, 0, 1.0));
  }

  @Test
  void aSingleTimestampBetweenTextsEndsOneAndStartsTheNext() {
    long[] tokens = ids(0.1, " a", 0.5, " b", 0.8, "<|endoftext|>");
    assertEquals(
        List.of(new WhisperSegment(30.1, 30.5, " a"), new WhisperSegment(30.5, 30.8, " b")),
        WhisperSegment.split(tokens, TOKENIZER, 30, 31.0));
  }

  @Test
  void textOutsideTimestampsRunsToTheWindowsEdges() {
    long[] tokens = ids(" a", 0.2, " b");
    assertEquals(
        List.of(new WhisperSegment(60.0, 60.2, " a"), new WhisperSegment(60.2, 61.0, " b")),
        WhisperSegment.split(tokens, TOKENIZER, 60, 61.0));
    assertEquals(List.of(), WhisperSegment.split(ids(0.0, 0.5), TOKENIZER, 0, 1.0));
  }

  @Test
  void promptChoicesReplaceTheLanguageAndDropNoTimestamps() {
    java.nio.file.Path file = WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG);
    WhisperGenerationConfig rules = WhisperGenerationConfig.fromFile(file);
    WhisperPrompt prompt = WhisperPrompt.fromFile(file);
    assertEquals(List.of("en", "de", "fr"), prompt.languages());
    assertEquals(
        Longs.asList(321, 323, 326, 330), Longs.asList(prompt.withLanguage(rules, "de").prompt()));
    assertEquals(Longs.asList(321, 322, 326), Longs.asList(prompt.withTimestamps(rules).prompt()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> prompt.withLanguage(rules, "xx"));
    assertEquals("unknown language 'xx'; this model knows [en, de, fr]", e.getMessage());
  }
}
