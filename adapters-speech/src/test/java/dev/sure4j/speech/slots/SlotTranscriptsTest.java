package dev.sure4j.speech.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SLURP, inline-tag and IOB transcripts brought to the inline-tag form, by hand. */
class SlotTranscriptsTest {

  @Test
  void slurpAnnotationBecomesInlineTags() {
    assertEquals(
        "wake me up at B-time five am E-time B-date this week E-date",
        SlotTranscripts.normalise("wake me up at [time : five am] [date : this week]"));
    assertEquals(
        "B-place_name paris E-place_name please",
        SlotTranscripts.normalise("[place_name:paris]   please"));
  }

  @Test
  void inlineTagsPassWithSpacesNormalised() {
    assertEquals(
        "play B-artist the beatles E-artist",
        SlotTranscripts.normalise("  play B-artist  the beatles E-artist "));
    assertEquals("no slots here", SlotTranscripts.normalise("no slots here"));
  }

  @Test
  void iobLabelsBecomeInlineTags() {
    assertEquals(
        "play B-artist the beatles E-artist B-service spotify E-service",
        SlotTranscripts.fromIob(
            "BOS play the beatles spotify EOS", "O O B-artist I-artist B-service O"));
    // s3prl's bare types: a run of one type is one slot
    assertEquals(
        "add B-song yesterday E-song to B-playlist my list E-playlist",
        SlotTranscripts.fromIob("add yesterday to my list", "O song O playlist playlist"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SlotTranscripts.fromIob("a b", "O"));
    assertEquals("2 words but 1 IOB labels: 'a b' / 'O'", e.getMessage());
  }

  @Test
  void malformedSlotsQuoteTheText() {
    assertEquals(
        "unclosed '[' at character 3 of 'at [time : five'",
        assertThrows(
                IllegalArgumentException.class, () -> SlotTranscripts.normalise("at [time : five"))
            .getMessage());
    assertEquals(
        "slot '[time five]' has no ':' between type and value in 'at [time five]'",
        assertThrows(
                IllegalArgumentException.class, () -> SlotTranscripts.normalise("at [time five]"))
            .getMessage());
    assertEquals(
        "'B-time' is not closed in 'at B-time five'",
        assertThrows(
                IllegalArgumentException.class, () -> SlotTranscripts.normalise("at B-time five"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SlotTranscripts.normalise("B-a x E-b"))
            .getMessage()
            .startsWith("'E-b' closes no open slot"));
  }

  @Test
  void entriesAreConvertedAndAnErrorNamesTheFileAndLine() {
    ManifestEntry good =
        new ManifestEntry(Path.of("a.wav"), Map.of("transcript", "turn on the [device : lamp]"), 2);
    ManifestEntry iob =
        new ManifestEntry(Path.of("b.wav"), Map.of("transcript", "go home", "iob", "O B-place"), 3);
    List<ManifestEntry> out = SlotTranscripts.convert(List.of(good, iob));
    assertEquals("turn on the B-device lamp E-device", out.get(0).get("transcript"));
    assertEquals("go B-place home E-place", out.get(1).get("transcript"));
    ManifestEntry bad = new ManifestEntry(Path.of("c.wav"), Map.of("transcript", "go [home"), 9);
    assertEquals(
        "c.wav (manifest line 9): unclosed '[' at character 3 of 'go [home'",
        assertThrows(IllegalArgumentException.class, () -> SlotTranscripts.convert(List.of(bad)))
            .getMessage());
  }
}
