package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskNamesTest {

  @Test
  void everyCommonSpellingMapsToItsSureName() {
    String[][] cases = {
      {"kws", "ks"},
      {"KS", "ks"},
      {"keyword-spotting", "ks"},
      {"Keyword spotting", "ks"},
      {"ser", "ser"},
      {"emotion", "ser"},
      {"sid", "sid"},
      {"speaker", "sid"},
      {"Speaker ID", "sid"},
      {"ic", "ic"},
      {"intent", "ic"},
      {"ctc", "asr"},
      {"ASR", "asr"},
      {"phonemes", "pr"},
      {"Phoneme recognition", "pr"},
      {"slot-filling", "sf"},
      {"Slots", "sf"},
      {"tts", "tts"},
      {"Text-to-speech", "tts"}
    };
    for (String[] c : cases) {
      assertEquals(Optional.of(c[1]), TaskNames.sure(c[0]), c[0]);
    }
    assertEquals(Optional.empty(), TaskNames.sure("my-own-task"));
    assertEquals("my-own-task", TaskNames.forCorpus("my-own-task"));
  }

  @Test
  void textToSpeechIsTellableFromTheUnderstandingTasks() {
    assertTrue(TaskNames.isTts("TTS"));
    assertTrue(TaskNames.isTts("speech synthesis"));
    assertTrue(!TaskNames.isTts("asr") && !TaskNames.isTts("mine") && !TaskNames.isTts(null));
  }

  @Test
  void theMiniCorpusDirectoryComesRightAfterTheGivenName() {
    assertEquals(List.of("ks", "kws"), TaskNames.directoryCandidates("ks").subList(0, 2));
    assertEquals(List.of("ser", "emotion"), TaskNames.directoryCandidates("ser").subList(0, 2));
    assertEquals(List.of("phoneme", "pr"), TaskNames.directoryCandidates("phoneme").subList(0, 2));
    assertEquals(List.of("slots", "sf"), TaskNames.directoryCandidates("slots").subList(0, 2));
    assertEquals(List.of("mine"), TaskNames.directoryCandidates("mine"));
  }

  @Test
  void corpusReadersTakeAliasesAndStillNameTheirTasksOnAMismatch(@TempDir Path dir) {
    // speechcommands supports ks only: 'emotion' (ser) is refused with the supported tasks
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Corpora.read("speechcommands:" + dir, "emotion"));
    assertTrue(e.getMessage().contains("'ser'") && e.getMessage().contains("[ks]"), e.getMessage());
    // 'kws' is accepted as ks: the reader gets past the task check to the (empty) layout
    IllegalArgumentException layout =
        assertThrows(
            IllegalArgumentException.class, () -> Corpora.read("speechcommands:" + dir, "kws"));
    assertTrue(!layout.getMessage().contains("has no task"), layout.getMessage());
  }
}
