package dev.sure4j.speech.tts.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest sources of TTS data: columns, default speaker, split column, errors. */
class TtsCorpusTest {

  @TempDir Path dir;

  @Test
  void readsPathTextSpeakerAndSplit() throws Exception {
    for (String n : List.of("a", "b", "c")) {
      WavWriter.write(
          dir.resolve(n + ".wav"), AudioClip.mono(new float[100], 16000), SampleFormat.PCM_S16);
    }
    Path csv = dir.resolve("m.csv");
    Files.writeString(
        csv,
        "path,text,speaker,split\na.wav,\"Hi, there.\",x,train\nb.wav,Yes.,y,test\n"
            + "c.wav,No.,x,val\nmissing.wav,Gone.,x,train\n");
    TtsCorpus c = TtsCorpus.read("manifest:" + csv);
    assertEquals(new TtsUtterance(dir.resolve("a.wav"), "Hi, there.", "x"), c.train().get(0));
    assertEquals(1, c.train().size());
    assertEquals("y", c.test().get(0).speaker());
    assertEquals("No.", c.val().get(0).text());
    assertEquals(1, c.missing());
    assertEquals(List.of("x"), c.speakers());

    Path plain = dir.resolve("p.csv");
    Files.writeString(plain, "path,text\na.wav,Hello.\n");
    assertEquals(
        TtsCorpus.DEFAULT_SPEAKER, TtsCorpus.read("manifest:" + plain).train().get(0).speaker());
  }

  @Test
  void errorsNameTheProblem() throws Exception {
    Path csv = dir.resolve("m.csv");
    Files.writeString(csv, "path,label\na.wav,x\n");
    WavWriter.write(
        dir.resolve("a.wav"), AudioClip.mono(new float[100], 16000), SampleFormat.PCM_S16);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TtsCorpus.read("manifest:" + csv));
    assertTrue(e.getMessage().contains("path,text"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TtsCorpus.read("ljs"));
    assertTrue(e.getMessage().contains("ljspeech:DIR"), e.getMessage());
  }
}
