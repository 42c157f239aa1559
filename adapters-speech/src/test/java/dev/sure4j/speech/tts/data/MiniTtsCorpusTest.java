package dev.sure4j.speech.tts.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.audio.CommandLineDecoder;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed mini TTS corpus ({@code data/mini/tts}) read through {@link TtsCorpus}. Expected
 * counts are the generator's settings ({@code tools/make_mini_tts_corpus.py}, listed in {@code
 * data/mini/README.md}); expected sample counts come from {@code soxi -s}.
 */
class MiniTtsCorpusTest {

  private static final Path TTS = Path.of("..", "data", "mini", "tts");

  @Test
  void baseManifestHasFourVoicesWithEqualTrainSplits() throws Exception {
    TtsCorpus c = TtsCorpus.read("manifest:" + TTS.resolve("base.csv"));
    assertEquals(List.of("gb_f2", "scot_m1", "us_klatt", "us_m3"), c.speakers());
    assertEquals(104, c.train().size(), "4 voices x 26 train sentences");
    assertEquals(8, c.val().size(), "4 voices x 2 val sentences");
    assertEquals(0, c.test().size());
    assertEquals(0, c.missing(), "every listed FLAC is committed");
    assertEquals(
        Map.of("gb_f2", 26L, "scot_m1", 26L, "us_klatt", 26L, "us_m3", 26L), perSpeaker(c.train()));
    assertEquals(
        Map.of("gb_f2", 2L, "scot_m1", 2L, "us_klatt", 2L, "us_m3", 2L), perSpeaker(c.val()));
  }

  @Test
  void adaptManifestIsOneHeldOutVoice() throws Exception {
    TtsCorpus c = TtsCorpus.read("manifest:" + TTS.resolve("adapt.csv"));
    assertEquals(List.of("carib_f4"), c.speakers());
    assertEquals(56, c.train().size());
    assertEquals(6, c.val().size());
    assertEquals(10, c.test().size());
    assertEquals(0, c.missing());
    assertEquals(Map.of("carib_f4", 10L), perSpeaker(c.test()));
    assertEquals("Let us meet at the park on Sunday.", c.test().get(0).text(), "adapt.csv line 64");
  }

  @Test
  void noValOrTestSentenceOccursInAnyTrainSplit() throws Exception {
    TtsCorpus base = TtsCorpus.read("manifest:" + TTS.resolve("base.csv"));
    TtsCorpus adapt = TtsCorpus.read("manifest:" + TTS.resolve("adapt.csv"));
    Set<String> train = new HashSet<>();
    Stream.concat(base.train().stream(), adapt.train().stream()).forEach(u -> train.add(u.text()));
    assertEquals(160, train.size(), "every train sentence is distinct");
    List<TtsUtterance> held =
        Stream.of(base.val(), adapt.val(), adapt.test()).flatMap(List::stream).toList();
    assertEquals(24, held.size());
    for (TtsUtterance u : held) {
      assertFalse(train.contains(u.text()), u.audio() + " says a train sentence: " + u.text());
    }
    assertEquals(24, held.stream().map(TtsUtterance::text).distinct().count());
  }

  @Test
  void baseVocabularyCoversEveryAdaptationText() throws Exception {
    TtsCorpus base = TtsCorpus.read("manifest:" + TTS.resolve("base.csv"));
    TtsCorpus adapt = TtsCorpus.read("manifest:" + TTS.resolve("adapt.csv"));
    TextEncoder text =
        TextEncoder.fromTexts(
            new CharacterFrontEnd(), base.train().stream().map(TtsUtterance::text).toList());
    int unk = text.vocabulary().unkId();
    List<TtsUtterance> all =
        Stream.of(base.val(), adapt.train(), adapt.val(), adapt.test())
            .flatMap(List::stream)
            .toList();
    for (TtsUtterance u : all) {
      for (int id : text.encode(u.text())) {
        assertNotEquals(unk, id, u.audio() + ": a symbol outside the base vocabulary");
      }
    }
  }

  @Test
  void flacClipsDecodeAt22050Hz() throws Exception {
    Assumptions.assumeTrue(CommandLineDecoder.find().isPresent(), "no ffmpeg, sox or flac");
    AudioLoader loader = AudioLoader.standard();
    AudioClip base = loader.load(TTS.resolve("base/us_klatt/us_klatt_052.flac"));
    assertEquals(22050, base.sampleRate());
    assertEquals(1, base.channelCount());
    assertEquals(40171, base.frames(), "soxi -s");
    AudioClip test = loader.load(TTS.resolve("adapt/carib_f4/carib_f4_071.flac"));
    assertEquals(22050, test.sampleRate());
    assertEquals(39754, test.frames(), "soxi -s");
  }

  private static Map<String, Long> perSpeaker(List<TtsUtterance> utterances) {
    Map<String, Long> n = new TreeMap<>();
    utterances.forEach(u -> n.merge(u.speaker(), 1L, Long::sum));
    return n;
  }
}
