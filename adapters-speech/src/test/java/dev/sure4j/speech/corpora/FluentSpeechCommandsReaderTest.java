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

class FluentSpeechCommandsReaderTest {

  private static final String HEADER = ",path,speakerId,transcription,action,object,location\n";

  @TempDir Path root;

  @BeforeEach
  void tree() throws Exception {
    Trees.wav(root.resolve("wavs/speakers/2BqVo8kVB2Skwgyb/0a3129c0.wav"));
    Trees.wav(root.resolve("wavs/speakers/2BqVo8kVB2Skwgyb/0ee42a80.wav"));
    Trees.wav(root.resolve("wavs/speakers/4aGjX3AG5xcxeL7a/1b2c.wav"));
    Trees.wav(root.resolve("wavs/speakers/4aGjX3AG5xcxeL7a/3d4e.wav"));
    Trees.text(
        root.resolve("data/train_data.csv"),
        HEADER
            + "0,wavs/speakers/2BqVo8kVB2Skwgyb/0a3129c0.wav,2BqVo8kVB2Skwgyb,Change language,"
            + "change language,none,none\n"
            + "1,wavs/speakers/2BqVo8kVB2Skwgyb/0ee42a80.wav,2BqVo8kVB2Skwgyb,"
            + "\"Lights on, please\",activate,lights,none\n"
            + "2,wavs/speakers/2BqVo8kVB2Skwgyb/gone.wav,2BqVo8kVB2Skwgyb,Bring me my shoes,"
            + "bring,shoes,none\n");
    Trees.text(
        root.resolve("data/valid_data.csv"),
        HEADER
            + "0,wavs/speakers/4aGjX3AG5xcxeL7a/1b2c.wav,4aGjX3AG5xcxeL7a,"
            + "Turn up the heat in the kitchen,increase,heat,kitchen\n");
    Trees.text(
        root.resolve("data/test_data.csv"),
        HEADER
            + "\n0,wavs/speakers/4aGjX3AG5xcxeL7a/3d4e.wav,4aGjX3AG5xcxeL7a,"
            + "Washroom lights off,deactivate,lights,washroom\n");
  }

  @Test
  void intentFieldsComeFromTheCsvs() throws Exception {
    CorpusSplits s = FluentSpeechCommandsReader.standard().read(root, "ic");
    assertEquals(
        List.of(
            "wavs/speakers/2BqVo8kVB2Skwgyb/0a3129c0.wav",
            "wavs/speakers/2BqVo8kVB2Skwgyb/0ee42a80.wav"),
        Trees.names(root, s.train()));
    assertEquals(1, s.missing());
    assertEquals(
        Map.of(
            "action", "activate",
            "object", "lights",
            "location", "none",
            "transcript", "Lights on, please",
            "speaker", "2BqVo8kVB2Skwgyb"),
        s.train().get(1).fields());
    assertEquals(3, s.train().get(1).line());
    assertEquals("change language", s.train().get(0).get("action"));
    assertEquals("kitchen", s.val().get(0).get("location"));
    assertEquals("washroom", s.test().get(0).get("location"));
    assertEquals(3, s.test().get(0).line(), "blank line 2 is skipped, not renumbered");
  }

  @Test
  void asrTakesTheLowerCasedTranscription() throws Exception {
    CorpusSplits s = FluentSpeechCommandsReader.standard().read(root, "asr");
    assertEquals("asr", s.task());
    assertEquals(
        Map.of("transcript", "turn up the heat in the kitchen", "speaker", "4aGjX3AG5xcxeL7a"),
        s.val().get(0).fields());
  }

  @Test
  void aMissingCsvOrColumnIsAnError() throws Exception {
    Trees.text(
        root.resolve("data/test_data.csv"),
        ",path,speakerId,transcription,action,object\n0,a.wav,s,t,x,y\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FluentSpeechCommandsReader.standard().read(root, "ic"));
    assertTrue(
        e.getMessage().contains("test_data.csv line 1: no 'location' column"), e.getMessage());

    Files.delete(root.resolve("data/valid_data.csv"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FluentSpeechCommandsReader.standard().read(root, "ic"));
    assertTrue(e.getMessage().contains("valid_data.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("expected layout"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FluentSpeechCommandsReader.standard().read(root, "ks"));
    assertEquals("corpus 'fsc' has no task 'ks'; its tasks: [ic, asr]", e.getMessage());
  }
}
