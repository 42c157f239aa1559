package dev.sure4j.speech.phonemes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word transcripts to phone transcripts, with unknown words refused or skipped. */
class PhonemeTranscriptsTest {

  private static final CmuDict LEXICON =
      CmuDict.parse(
          List.of("GO  G OW1", "LEFT  L EH1 F T", "NOW  N AW1", "UP  AH1 P"), "lex.txt", false);

  private static ManifestEntry entry(String file, String transcript, int line) {
    return new ManifestEntry(
        Path.of(file), Map.of("transcript", transcript, "speaker", "s1"), line);
  }

  @Test
  void transcriptsBecomePhonesAndTheWordsAreKept() {
    PhonemeTranscripts.Result r =
        PhonemeTranscripts.convert(
            List.of(entry("a.wav", "go left now", 2), entry("b.wav", "go up", 3)), LEXICON, false);
    assertEquals(2, r.entries().size());
    assertEquals("G OW L EH F T N AW", r.entries().get(0).get("transcript"));
    assertEquals("go left now", r.entries().get(0).get("words"));
    assertEquals("s1", r.entries().get(0).get("speaker"));
    assertEquals(2, r.entries().get(0).line());
    assertEquals("G OW AH P", r.entries().get(1).get("transcript"));
    assertEquals(List.of(), r.skipped());
  }

  @Test
  void anUnknownWordFailsNamingTheFileLineAndWordOrIsSkipped() {
    List<ManifestEntry> in = List.of(entry("a.wav", "go left", 2), entry("b.wav", "go down", 7));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PhonemeTranscripts.convert(in, LEXICON, false));
    assertEquals(
        "b.wav (manifest line 7): word 'down' is not in the lexicon lex.txt (4 words, 39 phones);"
            + " use a lexicon that has it, or skip such utterances",
        e.getMessage());
    PhonemeTranscripts.Result r = PhonemeTranscripts.convert(in, LEXICON, true);
    assertEquals(1, r.entries().size());
    assertEquals(Path.of("b.wav"), r.skipped().get(0).audio());
  }
}
