package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TTS corpus readers: LJSpeech's metadata.csv and LibriTTS's tree, their splits and fields. */
class TtsReadersTest {

  @TempDir Path root;

  @Test
  void ljSpeechTakesTheNormalisedTextAndHoldsOutTheLastFivePercentTwice() throws Exception {
    StringBuilder meta = new StringBuilder();
    for (int i = 1; i <= 41; i++) {
      String id = String.format("LJ001-%04d", i);
      if (i != 7) {
        Trees.wav(root.resolve("wavs/" + id + ".wav"));
      }
      meta.append(id).append("|Dr. Smith ").append(i).append('|');
      meta.append(i == 3 ? "" : "Doctor Smith " + i).append('\n');
    }
    meta.append("LJ001-0099|Only text\n");
    Trees.wav(root.resolve("wavs/LJ001-0099.wav"));
    Trees.text(root.resolve("metadata.csv"), meta.toString());
    CorpusSplits s = Corpora.read("ljspeech:" + root, "tts");
    // 41 listed with audio (42 lines, one wav missing): h = floor(41 / 20) = 2
    assertEquals(1, s.missing());
    assertEquals(37, s.train().size());
    assertEquals(List.of("wavs/LJ001-0039.wav", "wavs/LJ001-0040.wav"), Trees.names(root, s.val()));
    assertEquals(
        List.of("wavs/LJ001-0041.wav", "wavs/LJ001-0099.wav"), Trees.names(root, s.test()));
    assertEquals("Doctor Smith 1", s.train().get(0).get("transcript"));
    assertEquals("Dr. Smith 3", s.train().get(2).get("transcript"), "empty normalised column");
    assertEquals("Only text", s.test().get(1).get("transcript"), "two columns");
    assertEquals("lj", s.train().get(0).get("speaker"));
  }

  @Test
  void ljSpeechNamesTheBadLine() throws Exception {
    Trees.text(root.resolve("metadata.csv"), "LJ001-0001|ok|ok\nno separator\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Corpora.read("ljspeech:" + root, "tts"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void libriTtsReadsEachSpeakerWithItsNormalisedText() throws Exception {
    for (int i = 0; i < 3; i++) {
      String id = "19_198_00000" + i;
      Trees.wav(root.resolve("19/198/" + id + ".wav"));
      Trees.text(root.resolve("19/198/" + id + ".normalized.txt"), " Sentence " + i + ".\n");
    }
    Trees.wav(root.resolve("26/495/26_495_000000.wav")); // no text: missing
    Trees.wav(root.resolve("26/496/26_496_000001.wav"));
    Trees.text(root.resolve("26/496/26_496_000001.normalized.txt"), "Other voice.");
    CorpusSplits s = Corpora.read("libritts:" + root, "tts");
    assertEquals(1, s.missing());
    assertEquals(
        List.of(
            "19/198/19_198_000000.wav",
            "19/198/19_198_000001.wav",
            "19/198/19_198_000002.wav",
            "26/496/26_496_000001.wav"),
        Trees.names(root, s.train()));
    assertEquals("Sentence 1.", s.train().get(1).get("transcript"));
    assertEquals("26", s.train().get(3).get("speaker"));
    assertEquals("496", s.train().get(3).get("chapter"));
  }
}
