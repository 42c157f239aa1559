package dev.sure4j.speech.ctc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot-filling target: characters plus one unit per slot tag, encoded and decoded by hand. */
class CharacterSlotVocabularyTest {

  @Test
  void tagsAreUnitsAndTouchTheirValues() {
    Vocabulary v =
        Vocabulary.fromTranscripts(
            List.of("go B-dir left E-dir now"), Vocabulary.Kind.CHARACTER_SLOTS, false);
    // specials, then the units sorted as strings (upper case before lower case)
    assertEquals(
        List.of("<pad>", "<unk>", "|", "B-dir", "E-dir", "e", "f", "g", "l", "n", "o", "t", "w"),
        v.tokens());
    // g o | B-dir l e f t E-dir | n o w: no delimiter after B-dir or before E-dir
    int[] ids = v.encode("go  B-dir left E-dir now");
    assertArrayEquals(new int[] {7, 10, 2, 3, 8, 5, 6, 11, 4, 2, 9, 10, 12}, ids);
    assertEquals("go B-dir left E-dir now", v.decode(ids));
  }

  @Test
  void adjacentSlotsAreSeparatedByOneDelimiter() {
    Vocabulary v =
        Vocabulary.of(
            List.of("<pad>", "<unk>", "|", "B-a", "E-a", "B-b", "E-b", "x", "y"),
            Vocabulary.Kind.CHARACTER_SLOTS);
    int[] ids = v.encode("B-a x E-a B-b y E-b");
    assertArrayEquals(new int[] {3, 7, 4, 2, 5, 8, 6}, ids);
    assertEquals("B-a x E-a B-b y E-b", v.decode(ids));
    // a decoded path without the delimiter still reads as separate words
    assertEquals("B-a x E-a B-b y E-b", v.decode(new int[] {3, 7, 0, 4, 5, 8, 6}));
  }

  @Test
  void theKindIsSavedInTaskJson(@TempDir Path tmp) throws IOException {
    SpeechTask t =
        SpeechTask.ctc(
            "sf",
            Vocabulary.of(
                List.of("<pad>", "<unk>", "|", "B-a", "E-a", "x"),
                Vocabulary.Kind.CHARACTER_SLOTS));
    assertEquals("slot_type_f1", t.metric());
    assertEquals(List.of("slot_type_f1", "slot_value_cer", "wer", "cer"), t.metricNames());
    TaskFiles.save(t.withMetric("slot_value_cer"), tmp);
    SpeechTask back = TaskFiles.load(tmp);
    assertEquals(Vocabulary.Kind.CHARACTER_SLOTS, back.vocabulary().kind());
    assertEquals("slot_value_cer", back.metric());
    assertEquals(false, back.greaterIsBetter());
    SpeechTask pr =
        SpeechTask.ctc(
            "pr", Vocabulary.of(List.of("<pad>", "<unk>", "AH"), Vocabulary.Kind.TOKENS));
    assertEquals("per", pr.metric());
    assertEquals(false, pr.greaterIsBetter());
  }
}
