package dev.sure4j.speech.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VctkReaderTest {

  @TempDir Path root;

  private void v092(String speaker, int count) throws Exception {
    for (int i = 1; i <= count; i++) {
      for (String mic : List.of("mic1", "mic2")) {
        Trees.empty(
            root.resolve(
                String.format(
                    "wav48_silence_trimmed/%s/%s_%03d_%s.flac", speaker, speaker, i, mic)));
      }
      Trees.text(root.resolve(String.format("txt/%s/%s_%03d.txt", speaker, speaker, i)), "Hi.");
    }
  }

  private static List<String> utterances(List<ManifestEntry> entries, String speaker) {
    return entries.stream()
        .filter(e -> e.get("speaker").equals(speaker))
        .map(e -> e.get("utterance"))
        .collect(Collectors.toList());
  }

  @Test
  void splitsEachSpeaker80_10_10InNameOrder() throws Exception {
    v092("p225", 20);
    v092("p226", 9);
    v092("p315", 10);
    v092("s5", 10);
    Trees.text(root.resolve("wav48_silence_trimmed/log.txt"), "log");
    CorpusSplits s = VctkReader.standard().read(root, "sid");
    assertEquals(
        List.of(
            "001", "002", "003", "004", "005", "006", "007", "008", "009", "010", "011", "012",
            "013", "014", "015", "016"),
        utterances(s.train(), "p225"));
    assertEquals(List.of("017", "018"), utterances(s.val(), "p225"));
    assertEquals(List.of("019", "020"), utterances(s.test(), "p225"));
    assertEquals(9, utterances(s.train(), "p226").size(), "9 files: floor(0.9) = 0 held out");
    assertEquals(
        Set.of("p225", "p226"),
        s.train().stream().map(e -> e.get("label")).collect(Collectors.toSet()),
        "p315 and s5 are left out as in SURE");
    assertTrue(s.train().stream().allMatch(e -> e.audio().toString().endsWith("_mic1.flac")));
    assertEquals(
        Map.of("label", "p225", "speaker", "p225", "utterance", "017"), s.val().get(0).fields());
    assertEquals(0, s.missing());

    CorpusSplits mic2 =
        VctkReader.builder().optMic("mic2").optExcludedSpeakers(Set.of()).build().read(root, "sid");
    assertTrue(mic2.test().stream().allMatch(e -> e.audio().toString().endsWith("_mic2.flac")));
    assertEquals(
        Set.of("p225", "p226", "p315", "s5"),
        mic2.train().stream().map(e -> e.get("speaker")).collect(Collectors.toSet()));
    assertEquals(2 + 1 + 1, mic2.test().size());
  }

  @Test
  void readsTheOlderWav48Layout() throws Exception {
    for (int i = 1; i <= 10; i++) {
      Trees.wav(root.resolve(String.format("wav48/p227/p227_%03d.wav", i)));
    }
    CorpusSplits s = VctkReader.standard().read(root, "sid");
    assertEquals(8, s.train().size());
    assertEquals(List.of("wav48/p227/p227_009.wav"), Trees.names(root, s.val()));
    assertEquals(List.of("wav48/p227/p227_010.wav"), Trees.names(root, s.test()));
  }

  @Test
  void aRootWithoutAudioFoldersIsAnError() throws Exception {
    Trees.text(root.resolve("txt/p225/p225_001.txt"), "Hi.");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VctkReader.standard().read(root, "sid"));
    assertTrue(e.getMessage().contains(root.resolve("wav48").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("wav48_silence_trimmed"), e.getMessage());
  }
}
