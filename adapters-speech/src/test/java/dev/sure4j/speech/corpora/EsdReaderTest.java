package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsdReaderTest {

  @TempDir Path root;

  /** The released layout: split folders under every emotion. */
  private void splitFolderTree() throws Exception {
    for (int s = 1; s <= 20; s++) {
      String spk = String.format("%04d", s);
      int n = 0;
      for (String emotion : List.of("Neutral", "Angry", "Happy", "Sad", "Surprise")) {
        String folder = s == 12 && emotion.equals("Angry") ? "angry" : emotion;
        for (String split : List.of("evaluation", "test", "train")) {
          n++;
          Trees.wav(
              root.resolve(spk)
                  .resolve(folder)
                  .resolve(split)
                  .resolve(String.format("%s_%06d.wav", spk, n)));
        }
      }
    }
  }

  @Test
  void splitFoldersGiveEsdsOwnSplitsForEnglishSpeakersOnly() throws Exception {
    splitFolderTree();
    Trees.text(
        root.resolve("0011/0011.txt"),
        "0011_000001\tAuthor of the danger trail, Philip Steels, etc.\tNeutral\n"
            + "0011_000004\tThey are playing ball.\tAngry\n");
    CorpusSplits s = EsdReader.standard().read(root, "ser");
    assertEquals("esd", s.corpus());
    assertEquals("ser", s.task());
    assertEquals(50, s.train().size(), "10 speakers x 5 emotions x 1 train file");
    assertEquals(50, s.val().size());
    assertEquals(50, s.test().size());
    assertEquals(0, s.missing());
    Set<String> speakers = new TreeSet<>();
    s.train().forEach(e -> speakers.add(e.get("speaker")));
    assertEquals(10, speakers.size());
    assertFalse(speakers.contains("0001"), "Chinese speakers are not read by default");
    assertTrue(s.train().stream().allMatch(e -> e.audio().getParent().endsWith("train")));
    assertTrue(s.val().stream().allMatch(e -> e.audio().getParent().endsWith("evaluation")));
    assertTrue(s.test().stream().allMatch(e -> e.audio().getParent().endsWith("test")));
    assertEquals(
        Set.of("Angry", "Happy", "Neutral", "Sad", "Surprise"),
        s.test().stream().map(e -> e.get("label")).collect(Collectors.toSet()));

    ManifestEntry first = s.val().get(0);
    assertEquals("0011/Angry/evaluation/0011_000004.wav", Trees.names(root, List.of(first)).get(0));
    assertEquals(
        Map.of(
            "label", "Angry",
            "speaker", "0011",
            "emotion", "Angry",
            "transcript", "They are playing ball."),
        first.fields());
    assertEquals(1, first.line());
    ManifestEntry lower =
        s.train().stream()
            .filter(e -> e.audio().toString().contains("angry"))
            .findFirst()
            .orElseThrow();
    assertEquals("Angry", lower.get("label"), "folder names are matched ignoring case");
    assertEquals("0012", lower.get("speaker"));
    assertFalse(lower.fields().containsKey("transcript"), "0012 has no transcript file");
  }

  @Test
  void sidLabelsAreSpeakers() throws Exception {
    splitFolderTree();
    CorpusSplits s = EsdReader.standard().read(root, "sid");
    assertEquals(
        List.of("0011", "0012", "0013", "0014", "0015", "0016", "0017", "0018", "0019", "0020"),
        s.train().stream().map(e -> e.get("label")).distinct().sorted().toList());
    assertTrue(s.val().stream().allMatch(e -> e.get("label").equals(e.get("speaker"))));
  }

  @Test
  void withoutSplitFoldersTheUtteranceNumberDecides() throws Exception {
    // Per emotion: 1st-20th evaluation, 21st-50th test, 51st-350th train.
    for (String f :
        List.of(
            "Neutral/0011_000001.wav",
            "Neutral/0011_000020.wav",
            "Neutral/0011_000021.wav",
            "Neutral/0011_000050.wav",
            "Neutral/0011_000051.wav",
            "Neutral/0011_000350.wav",
            "Angry/0011_000351.wav",
            "Angry/0011_000400.wav",
            "Angry/0011_000401.wav",
            "Happy/0011_000700.wav",
            "Sad/0011_001070.wav",
            "Surprise/0011_001750.wav")) {
      Trees.wav(root.resolve("0011").resolve(f));
    }
    Trees.text(root.resolve("0011/notes.md"), "not audio");
    CorpusSplits s = EsdReader.builder().optSpeakers(List.of("0011")).build().read(root, "sid");
    assertEquals(
        List.of(
            "0011/Angry/0011_000351.wav",
            "0011/Neutral/0011_000001.wav",
            "0011/Neutral/0011_000020.wav",
            "0011/Sad/0011_001070.wav"),
        Trees.names(root, s.val()));
    assertEquals(
        List.of(
            "0011/Angry/0011_000400.wav",
            "0011/Neutral/0011_000021.wav",
            "0011/Neutral/0011_000050.wav"),
        Trees.names(root, s.test()));
    assertEquals(
        List.of(
            "0011/Angry/0011_000401.wav",
            "0011/Happy/0011_000700.wav",
            "0011/Neutral/0011_000051.wav",
            "0011/Neutral/0011_000350.wav",
            "0011/Surprise/0011_001750.wav"),
        Trees.names(root, s.train()));
    assertEquals(List.of(1, 2, 3, 4, 5), s.train().stream().map(ManifestEntry::line).toList());
    assertTrue(s.train().stream().allMatch(e -> e.get("label").equals("0011")));
  }

  @Test
  void theArchiveFolderIsFoundUnderTheRoot() throws Exception {
    Trees.esdFlat(root.resolve("Emotion Speech Dataset"), 1, 30, 60);
    CorpusSplits s = EsdReader.standard().read(root, "ser");
    assertEquals(50, s.val().size());
    assertEquals(50, s.test().size());
    assertEquals(50, s.train().size());
  }

  @Test
  void transcriptsAreDecodedFromUtf16AndGbk() throws Exception {
    Path en = root.resolve("en.txt");
    Files.write(
        en,
        concat(
            new byte[] {(byte) 0xff, (byte) 0xfe},
            "0015_000001\tGood morning.\tNeutral\r\n0015_000002\tYes!\tNeutral\r\n"
                .getBytes(StandardCharsets.UTF_16LE)));
    assertEquals(
        Map.of("0015_000001", "Good morning.", "0015_000002", "Yes!"),
        EsdReader.readTranscripts(en));
    Path noBom =
        Trees.text(root.resolve("nobom.txt"), "0015_000003\tNo.\tSad\n", StandardCharsets.UTF_16LE);
    assertEquals(Map.of("0015_000003", "No."), EsdReader.readTranscripts(noBom));
    Path zh = Trees.text(root.resolve("zh.txt"), "0001_000001\t打远一看\t中立\n", Charset.forName("GBK"));
    assertEquals(Map.of("0001_000001", "打远一看"), EsdReader.readTranscripts(zh));
    Path utf8 = Trees.text(root.resolve("zh8.txt"), "0001_000001\t打远一看\t中立\n");
    assertEquals(Map.of("0001_000001", "打远一看"), EsdReader.readTranscripts(utf8));
  }

  @Test
  void errorsNameTheFileAndTheLayout() throws Exception {
    Path nowhere = root.resolve("nowhere");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EsdReader.standard().read(nowhere, "ser"));
    assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected layout"), e.getMessage());

    Trees.esdFlat(root, 1);
    deleteTree(root.resolve("0017"));
    e = assertThrows(IllegalArgumentException.class, () -> EsdReader.standard().read(root, "ser"));
    assertTrue(e.getMessage().contains("speaker folder not found"), e.getMessage());
    assertTrue(e.getMessage().contains("0017"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> EsdReader.standard().read(root, "asr"));
    assertEquals("corpus 'esd' has no task 'asr'; its tasks: [ser, sid]", e.getMessage());

    Trees.text(root.resolve("0011/0011.txt"), "0011_000001\tHello.\tNeutral\n0011_000002 Hi.\n");
    EsdReader one = EsdReader.builder().optSpeakers(List.of("0011")).build();
    e = assertThrows(IllegalArgumentException.class, () -> one.read(root, "ser"));
    assertTrue(e.getMessage().contains("0011.txt line 2"), e.getMessage());
    CorpusSplits audioOnly =
        EsdReader.builder()
            .optSpeakers(List.of("0011"))
            .optTranscripts(false)
            .build()
            .read(root, "ser");
    assertEquals(5, audioOnly.val().size());

    Trees.wav(root.resolve("0011/Sad/take2.wav"));
    e = assertThrows(IllegalArgumentException.class, () -> audioOnly(root));
    assertTrue(e.getMessage().contains("take2.wav"), e.getMessage());
  }

  private static CorpusSplits audioOnly(Path root) throws Exception {
    return EsdReader.builder()
        .optSpeakers(List.of("0011"))
        .optTranscripts(false)
        .build()
        .read(root, "ser");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
