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

class FleursReaderTest {

  @TempDir Path root;

  @BeforeEach
  void tree() throws Exception {
    Trees.text(
        root.resolve("train.tsv"),
        "1906\t10004088536354799741.wav\tHowever, due to the slow communication channels, styles"
            + " lagged.\thowever due to the slow communication channels styles lagged\th o w e v e"
            + " r |\t182400\tFEMALE\n"
            + "1906\t10005287123512553420.wav\tHowever, due to the slow communication channels,"
            + " styles lagged.\thowever due to the slow communication channels styles lagged\th o"
            + " w |\t190080\tMALE\n"
            + "1675\t1001.wav\tGone.\tgone\tg o n e |\t16000\tMALE\n");
    Trees.text(root.resolve("dev.tsv"), "7\t2002.wav\tDev: one.\tdev one\td |\t16000\tFEMALE\n");
    Trees.text(root.resolve("test.tsv"), "8\t3003.wav\tTest, two.\ttest two\tt |\t16000\tMALE\n");
    Trees.wav(root.resolve("audio/train/10004088536354799741.wav"));
    Trees.wav(root.resolve("audio/train/10005287123512553420.wav"));
    Trees.wav(root.resolve("audio/dev/2002.wav"));
    Trees.wav(root.resolve("audio/test/3003.wav"));
  }

  @Test
  void transcriptIsTheNormalizedColumn() throws Exception {
    CorpusSplits s = FleursReader.standard().read(root, "asr");
    assertEquals(
        List.of("audio/train/10004088536354799741.wav", "audio/train/10005287123512553420.wav"),
        Trees.names(root, s.train()));
    assertEquals(1, s.missing(), "1001.wav is listed but absent");
    assertEquals(
        Map.of(
            "transcript", "however due to the slow communication channels styles lagged",
            "raw_transcript", "However, due to the slow communication channels, styles lagged.",
            "id", "1906",
            "gender", "MALE"),
        s.train().get(1).fields());
    assertEquals(2, s.train().get(1).line());
    assertEquals(List.of("audio/dev/2002.wav"), Trees.names(root, s.val()));
    assertEquals("dev one", s.val().get(0).get("transcript"));
    assertEquals("test two", s.test().get(0).get("transcript"));
  }

  @Test
  void anArchiveUnpackedIntoItsOwnFolderIsFound() throws Exception {
    Trees.wav(root.resolve("audio/test/test/3003.wav"));
    Files.delete(root.resolve("audio/test/3003.wav"));
    CorpusSplits s = FleursReader.standard().read(root, "asr");
    assertEquals(List.of("audio/test/test/3003.wav"), Trees.names(root, s.test()));
    assertEquals(1, s.missing());
  }

  @Test
  void aMissingListOrShortRowIsAnError() throws Exception {
    Trees.text(root.resolve("test.tsv"), "8\t3003.wav\tTest, two.\ttest two\n9\t3004.wav\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FleursReader.standard().read(root, "asr"));
    assertTrue(e.getMessage().contains("test.tsv line 2"), e.getMessage());

    Files.delete(root.resolve("dev.tsv"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> FleursReader.standard().read(root, "asr"));
    assertTrue(e.getMessage().contains("dev list not found"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("dev.tsv").toString()), e.getMessage());
  }
}
