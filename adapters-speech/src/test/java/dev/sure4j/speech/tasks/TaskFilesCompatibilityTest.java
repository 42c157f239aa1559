package dev.sure4j.speech.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.ctc.Vocabulary;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task.json} files written before the task forms became records (committed under {@code
 * dev/sure4j/speech/tasks/task_json/<form>/}) still load as the same tasks and are written back
 * byte for byte.
 */
class TaskFilesCompatibilityTest {

  @TempDir Path tmp;

  private static Path fixture(String form) throws URISyntaxException {
    return Path.of(
            TaskFilesCompatibilityTest.class
                .getResource("/dev/sure4j/speech/tasks/task_json/" + form + "/task.json")
                .toURI())
        .getParent();
  }

  private void assertLoadsAndRewritesTheSameBytes(String form, SpeechTask expected)
      throws IOException, URISyntaxException {
    Path dir = fixture(form);
    SpeechTask loaded = TaskFiles.load(dir);
    assertEquals(expected, loaded, form);
    Path out = tmp.resolve(form);
    TaskFiles.save(loaded, out);
    assertArrayEquals(
        Files.readAllBytes(dir.resolve(TaskFiles.FILE_NAME)),
        Files.readAllBytes(out.resolve(TaskFiles.FILE_NAME)),
        form);
  }

  @Test
  void classificationWithTheWeightedSumLoads() throws Exception {
    SpeechTask expected =
        new ClassificationTask(
            "emotion", "weighted_f1", List.of("Angry", "Happy", "Neutral", "Sad"), true);
    assertLoadsAndRewritesTheSameBytes("classification", expected);
  }

  @Test
  void intentLoads() throws Exception {
    SpeechTask expected =
        new IntentTask(
            "fsc",
            "accuracy",
            List.of(
                List.of("activate", "bring", "decrease"),
                List.of("lights", "music", "none"),
                List.of("kitchen", "none")),
            false);
    assertLoadsAndRewritesTheSameBytes("intent", expected);
  }

  @Test
  void ctcLoads() throws Exception {
    SpeechTask expected =
        new CtcTask(
            "asr",
            "cer",
            Vocabulary.of(
                List.of("<pad>", "<unk>", "|", "a", "b", "c"), Vocabulary.Kind.CHARACTERS));
    assertLoadsAndRewritesTheSameBytes("ctc", expected);
    assertInstanceOf(CtcTask.class, TaskFiles.load(fixture("ctc")));
  }

  @Test
  void anUnknownTypeIsOneLineNamingTheFileAndTheValue() throws IOException {
    Files.writeString(
        tmp.resolve("task.json"),
        "{\"name\": \"voice\", \"type\": \"tts\", \"metric\": \"mcd\", \"labels\": [[\"a\"]]}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskFiles.load(tmp));
    assertEquals(
        tmp.resolve("task.json") + ": unknown task type 'tts'; known: classification, intent, ctc",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void theLayerWeightedSumIsRefusedForCtc() {
    CtcTask ctc =
        SpeechTask.ctc(
            "asr", Vocabulary.of(List.of("<pad>", "<unk>", "|", "a"), Vocabulary.Kind.CHARACTERS));
    assertEquals(ctc, ctc.withLayerWeightedSum(false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctc.withLayerWeightedSum(true));
    assertTrue(e.getMessage().contains("not of CTC"), e.getMessage());
  }
}
