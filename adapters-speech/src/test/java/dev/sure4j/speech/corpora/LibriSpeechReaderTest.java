package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.phonemes.CmuDict;
import dev.sure4j.speech.phonemes.PhonemeTranscripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibriSpeechReaderTest {

  @TempDir Path root;
  private Path base;

  @BeforeEach
  void tree() throws Exception {
    base = root.resolve("LibriSpeech");
    chapter(
        "train-clean-100/103/1240",
        "103-1240-0000 CHAPTER ONE MISSUS RACHEL LYNDE IS SURPRISED\n"
            + "103-1240-0001 THAT HAD ITS SOURCE AWAY BACK IN THE WOODS OF THE OLD CUTHBERT'S PLACE\n"
            + "103-1240-0002 IT WAS REPUTED TO BE AN INTRICATE HEADLONG BROOK\n",
        "0000",
        "0001");
    chapter("train-clean-100/19/198", "19-198-0001 NORTHANGER ABBEY\n", "0001");
    chapter("dev-clean/84/121123", "84-121123-0000 GO DO YOU HEAR\n", "0000");
    chapter("test-clean/1089/134686", "1089-134686-0000 HE HOPED THERE WOULD BE STEW\n", "0000");
    Trees.text(base.resolve("README.TXT"), "LibriSpeech");
  }

  private void chapter(String dir, String trans, String... utts) throws Exception {
    Path d = base.resolve(dir);
    String prefix = d.getParent().getFileName() + "-" + d.getFileName();
    Trees.text(d.resolve(prefix + ".trans.txt"), trans);
    for (String u : utts) {
      Trees.empty(d.resolve(prefix + "-" + u + ".flac"));
    }
  }

  @Test
  void phonemeRecognitionReadsTheSameEntriesForALexicon() throws Exception {
    CorpusSplits pr = Corpora.read("librispeech:" + root, "phonemes");
    assertEquals(LibriSpeechReader.standard().read(root, "asr").val(), pr.val());
    CmuDict lexicon =
        CmuDict.parse(
            List.of("GO  G OW1", "DO  D UW1", "YOU  Y UW1", "HEAR  HH IY1 R"), "hand", false);
    assertEquals(
        "G OW D UW Y UW HH IY R",
        PhonemeTranscripts.convert(pr.val(), lexicon, false).entries().get(0).get("transcript"));
  }

  @Test
  void readsSubsetsWithLowerCasedTranscripts() throws Exception {
    CorpusSplits s = LibriSpeechReader.standard().read(root, "asr");
    assertEquals(
        List.of(
            "LibriSpeech/train-clean-100/103/1240/103-1240-0000.flac",
            "LibriSpeech/train-clean-100/103/1240/103-1240-0001.flac",
            "LibriSpeech/train-clean-100/19/198/19-198-0001.flac"),
        Trees.names(root, s.train()));
    assertEquals(1, s.missing(), "103-1240-0002.flac is transcribed but absent");
    assertEquals(
        Map.of(
            "transcript",
            "that had its source away back in the woods of the old cuthbert's place",
            "speaker",
            "103",
            "chapter",
            "1240"),
        s.train().get(1).fields());
    assertEquals(2, s.train().get(1).line());
    assertEquals("go do you hear", s.val().get(0).get("transcript"));
    assertEquals("he hoped there would be stew", s.test().get(0).get("transcript"));

    CorpusSplits direct = LibriSpeechReader.standard().read(base, "asr");
    assertEquals(s.train(), direct.train(), "the root may be the LibriSpeech folder itself");
    assertEquals(s.test(), direct.test());
  }

  @Test
  void trainSubsetsAreConfigurableAndMustExist() throws Exception {
    LibriSpeechReader reader =
        LibriSpeechReader.builder()
            .optTrainSubsets(List.of("train-clean-100", "train-clean-360"))
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> reader.read(root, "asr"));
    assertTrue(e.getMessage().contains(base.resolve("train-clean-360").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("[dev-clean, test-clean, train-clean-100]"), e.getMessage());

    chapter("train-clean-360/7/10", "7-10-0001 A B\n", "0001");
    assertEquals(4, reader.read(root, "asr").train().size());
    CorpusSplits devAsTest =
        LibriSpeechReader.builder().optTestSubset("dev-clean").build().read(root, "asr");
    assertEquals(devAsTest.val(), devAsTest.test());
  }

  @Test
  void aMalformedTranscriptLineIsAnError() throws Exception {
    chapter("dev-clean/84/121123", "84-121123-0000 GO DO YOU HEAR\n84-121124-0001 WRONG CHAPTER\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LibriSpeechReader.standard().read(root, "asr"));
    assertTrue(e.getMessage().contains("84-121123.trans.txt line 2"), e.getMessage());
  }
}
