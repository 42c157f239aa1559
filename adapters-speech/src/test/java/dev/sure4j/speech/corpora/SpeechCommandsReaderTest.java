package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechCommandsReaderTest {

  @TempDir Path root;

  @BeforeEach
  void tree() throws Exception {
    for (String f :
        List.of(
            "yes/aaa_nohash_0.wav",
            "yes/bbb_nohash_0.wav",
            "no/ddd_nohash_1.wav",
            "no/eee_nohash_0.wav",
            "bed/ccc_nohash_0.wav",
            "bed/fff_nohash_0.wav",
            "_background_noise_/white_noise.wav")) {
      Trees.wav(root.resolve(f));
    }
    Trees.text(root.resolve("LICENSE"), "license");
    Trees.text(
        root.resolve("validation_list.txt"),
        "yes/bbb_nohash_0.wav\nbed/ccc_nohash_0.wav\nno/gone_nohash_0.wav\n");
    Trees.text(root.resolve("testing_list.txt"), "no/ddd_nohash_1.wav\n");
  }

  @Test
  void keepsTheKeywordsAndUsesTheOfficialLists() throws Exception {
    CorpusSplits s = SpeechCommandsReader.standard().read(root, "ks");
    assertEquals(
        List.of("no/eee_nohash_0.wav", "yes/aaa_nohash_0.wav"), Trees.names(root, s.train()));
    assertEquals(List.of("yes/bbb_nohash_0.wav"), Trees.names(root, s.val()));
    assertEquals(List.of("no/ddd_nohash_1.wav"), Trees.names(root, s.test()));
    assertEquals(1, s.missing(), "no/gone_nohash_0.wav is listed but absent; bed is not a keyword");
    assertEquals(Map.of("label", "yes", "word", "yes", "speaker", "bbb"), s.val().get(0).fields());
    assertEquals(1, s.val().get(0).line());
    assertEquals(1, s.test().get(0).line());
    assertEquals("no", s.test().get(0).get("label"));
  }

  @Test
  void otherWordsCanBeKeptAsUnknown() throws Exception {
    CorpusSplits s = SpeechCommandsReader.builder().optUnknown(true).build().read(root, "ks");
    assertEquals(
        List.of("bed/fff_nohash_0.wav", "no/eee_nohash_0.wav", "yes/aaa_nohash_0.wav"),
        Trees.names(root, s.train()));
    assertEquals(
        List.of("yes/bbb_nohash_0.wav", "bed/ccc_nohash_0.wav"), Trees.names(root, s.val()));
    assertEquals(
        Map.of("label", "_unknown_", "word", "bed", "speaker", "ccc"), s.val().get(1).fields());
    assertEquals(2, s.val().get(1).line(), "the line of validation_list.txt");
    assertTrue(
        s.train().stream().noneMatch(e -> e.audio().toString().contains("_background_noise_")));
  }

  @Test
  void aMissingListOrMalformedLineIsAnError() throws Exception {
    Trees.text(root.resolve("testing_list.txt"), "no/ddd_nohash_1.wav\nyes_aaa.wav\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SpeechCommandsReader.standard().read(root, "ks"));
    assertTrue(e.getMessage().contains("testing_list.txt line 2"), e.getMessage());

    Files.delete(root.resolve("testing_list.txt"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SpeechCommandsReader.standard().read(root, "ks"));
    assertTrue(e.getMessage().contains("testing list not found"), e.getMessage());
    assertTrue(
        e.getMessage().contains(root.resolve("testing_list.txt").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected layout"), e.getMessage());
  }
}
