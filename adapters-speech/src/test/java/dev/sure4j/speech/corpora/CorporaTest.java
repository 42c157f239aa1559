package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorporaTest {

  @TempDir Path root;

  @Test
  void specDispatchesToTheNamedReader() throws Exception {
    Trees.esdFlat(root, 5, 25, 100, 101);
    CorpusSplits s = Corpora.read("esd:" + root, "ser");
    assertEquals("esd", s.corpus());
    assertEquals("ser", s.task());
    assertEquals(100, s.train().size(), "10 speakers x 5 emotions x 2 train utterances");
    assertEquals(50, s.val().size());
    assertEquals(50, s.test().size());
    assertEquals(200, s.size());
    assertEquals("Angry", s.train().get(0).get("label"));
    assertEquals(s.train(), Corpora.read("ESD:" + root, "ser").train(), "names ignore case");
  }

  @Test
  void knowsEveryCorpusAndItsTasks() {
    assertEquals(
        List.of(
            "esd",
            "speechcommands",
            "fsc",
            "librispeech",
            "fleurs",
            "vctk",
            "ljspeech",
            "libritts"),
        Corpora.all().stream().map(CorpusReader::name).toList());
    assertEquals(Set.of("ser", "sid"), Corpora.reader("esd").tasks());
    assertEquals(Set.of("ks"), Corpora.reader("speechcommands").tasks());
    assertEquals(Set.of("ic", "asr"), Corpora.reader("fsc").tasks());
    assertEquals(Set.of("asr", "pr"), Corpora.reader("librispeech").tasks());
    assertEquals(Set.of("asr"), Corpora.reader("fleurs").tasks());
    assertEquals(Set.of("sid"), Corpora.reader("vctk").tasks());
    assertEquals(Set.of("tts"), Corpora.reader("ljspeech").tasks());
    assertEquals(Set.of("tts"), Corpora.reader("libritts").tasks());
    assertSame(Corpora.reader("vctk"), Corpora.reader("VCTK"));
  }

  @Test
  void unknownCorpusTaskOrSpecIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Corpora.read("timit:/data", "asr"));
    assertEquals(
        "unknown corpus 'timit'; known corpora: [esd, speechcommands, fsc, librispeech, fleurs,"
            + " vctk, ljspeech, libritts]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Corpora.read("esd:" + root, "ks"));
    assertEquals("corpus 'esd' has no task 'ks'; its tasks: [ser, sid]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Corpora.read("/data/ESD", "ser"));
    assertTrue(e.getMessage().startsWith("corpus spec must be name:path"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Corpora.read("esd:", "ser"));
    assertTrue(e.getMessage().contains("got 'esd:'"), e.getMessage());
  }

  @Test
  void splitsAreImmutableCopiesAndValidated() {
    List<ManifestEntry> train = new ArrayList<>();
    train.add(new ManifestEntry(root.resolve("a.wav"), Map.of("label", "x"), 1));
    CorpusSplits s = new CorpusSplits("c", "t", train, List.of(), List.of(), 0);
    train.clear();
    assertEquals(1, s.train().size());
    assertThrows(UnsupportedOperationException.class, () -> s.train().clear());
    assertThrows(
        NullPointerException.class,
        () -> new CorpusSplits("c", "t", null, List.of(), List.of(), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CorpusSplits("c", "t", List.of(), List.of(), List.of(), -1));
  }
}
