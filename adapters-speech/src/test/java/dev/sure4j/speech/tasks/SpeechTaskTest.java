package dev.sure4j.speech.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechTaskTest extends ManagedTest {

  @TempDir Path tmp;

  private static ManifestEntry entry(int line, Map<String, String> fields) {
    return new ManifestEntry(Path.of("clip" + line + ".wav"), fields, line);
  }

  @Test
  void classificationLabelsAreTheSortedDistinctTrainingLabelsAndEncodeToIds() {
    List<ManifestEntry> train =
        List.of(
            entry(2, Map.of("label", "yes")),
            entry(3, Map.of("label", "no")),
            entry(4, Map.of("label", "yes")),
            entry(5, Map.of("label", "go")));
    SpeechTask t = SpeechTask.fromTrainingData("kws", TaskType.CLASSIFICATION, train);
    assertEquals(List.of("go", "no", "yes"), t.labels(0));
    assertEquals("accuracy", t.metric());
    NDList ids = t.batchLabels().encode(manager, train);
    assertArrayEquals(new long[] {2, 1, 2, 0}, ids.head().toLongArray());
  }

  @Test
  void aLabelOutsideTheTaskNamesTheFileLineAndValue() {
    SpeechTask t = SpeechTask.classification("kws", List.of("no", "yes"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.batchLabels().encode(manager, List.of(entry(7, Map.of("label", "maybe")))));
    assertTrue(e.getMessage().contains("clip7.wav"), e.getMessage());
    assertTrue(e.getMessage().contains("line 7"), e.getMessage());
    assertTrue(e.getMessage().contains("'maybe'"), e.getMessage());
  }

  @Test
  void intentLabelsAreSlotIdsInActionObjectLocationOrder() {
    List<ManifestEntry> train =
        List.of(
            entry(2, Map.of("action", "activate", "object", "lights", "location", "kitchen")),
            entry(3, Map.of("action", "decrease", "object", "volume", "location", "none")),
            entry(4, Map.of("action", "activate", "object", "music", "location", "none")));
    SpeechTask t = SpeechTask.fromTrainingData("fsc", TaskType.INTENT, train);
    assertEquals(List.of("activate", "decrease"), t.labels(0));
    assertEquals(List.of("lights", "music", "volume"), t.labels(1));
    assertEquals(List.of("kitchen", "none"), t.labels(2));
    NDList ids = t.batchLabels().encode(manager, train);
    assertEquals(new Shape(3, 3), ids.head().getShape());
    assertArrayEquals(new long[] {0, 0, 0, 1, 2, 1, 0, 1, 1}, ids.head().toLongArray());
  }

  @Test
  void ctcLabelsArePaddedCharacterIdsWithLengths() {
    List<ManifestEntry> train =
        List.of(entry(2, Map.of("transcript", "ab a")), entry(3, Map.of("transcript", "b")));
    SpeechTask t = SpeechTask.fromTrainingData("asr", TaskType.CTC, train);
    // <pad>=0 (blank), <unk>=1, |=2, then the characters seen, sorted: a=3, b=4
    assertEquals(List.of("<pad>", "<unk>", "|", "a", "b"), t.vocabulary().tokens());
    assertEquals("wer", t.metric());
    NDList labels = t.batchLabels().encode(manager, train);
    assertEquals(new Shape(2, 4), labels.get(0).getShape());
    assertArrayEquals(new long[] {3, 4, 2, 3, 4, 0, 0, 0}, labels.get(0).toLongArray());
    assertArrayEquals(new long[] {4, 1}, labels.get(1).toLongArray());
  }

  @Test
  void withMetricAcceptsOnlyTheEvaluatorsMetrics() {
    SpeechTask t =
        SpeechTask.ctc(
            "asr", Vocabulary.of(List.of("<pad>", "<unk>", "|", "a"), Vocabulary.Kind.CHARACTERS));
    assertEquals("cer", t.withMetric("cer").metric());
    assertEquals(false, t.withMetric("cer").greaterIsBetter());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.withMetric("accuracy"));
    assertTrue(e.getMessage().contains("[wer, cer]"), e.getMessage());
  }

  @Test
  void taskFilesRoundTripEveryForm() throws IOException {
    List<SpeechTask> tasks =
        List.of(
            SpeechTask.classification("emotion", List.of("Angry", "Happy", "Neutral"))
                .withMetric("weighted_f1"),
            SpeechTask.intent(
                "fsc",
                List.of("activate", "bring"),
                List.of("lights", "none"),
                List.of("kitchen", "none")),
            SpeechTask.ctc(
                    "asr",
                    Vocabulary.of(
                        List.of("<pad>", "<unk>", "|", "a", "b"), Vocabulary.Kind.CHARACTERS))
                .withMetric("cer"));
    for (SpeechTask t : tasks) {
      Path dir = tmp.resolve(t.name());
      TaskFiles.save(t, dir);
      assertEquals(t, TaskFiles.load(dir), t.toString());
    }
  }

  @Test
  void aMissingOrMalformedTaskFileIsNamed() throws IOException {
    NoSuchFileException missing =
        assertThrows(NoSuchFileException.class, () -> TaskFiles.load(tmp));
    assertTrue(missing.getMessage().contains("task.json"), missing.getMessage());
    Files.writeString(
        tmp.resolve("task.json"), "{\"name\": \"kws\", \"type\": \"classification\"}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskFiles.load(tmp));
    assertTrue(e.getMessage().contains("task.json"), e.getMessage());
    assertTrue(e.getMessage().contains("missing field 'labels'"), e.getMessage());
    Files.writeString(
        tmp.resolve("task.json"),
        "{\"name\": \"kws\", \"type\": \"regression\", \"metric\": \"accuracy\"}");
    e = assertThrows(IllegalArgumentException.class, () -> TaskFiles.load(tmp));
    assertTrue(e.getMessage().contains("regression"), e.getMessage());
  }

  @Test
  void aLabelListOverTheLimitIsRefusedBeforeAHeadIsSized() throws IOException {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i <= InputLimits.defaults().maxLabels(); i++) {
      labels.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    Path file = tmp.resolve("task.json");
    Files.writeString(
        file,
        "{\"name\": \"kws\", \"type\": \"classification\", \"metric\": \"accuracy\","
            + " \"labels\": [["
            + labels
            + "]]}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskFiles.load(tmp));
    assertEquals(
        file + ": field 'labels' holds 100001 labels, more than the limit of 100000",
        e.getMessage());
    Files.writeString(
        file,
        "{\"name\": \"asr\", \"type\": \"ctc\", \"metric\": \"cer\", \"vocabulary\":"
            + " {\"kind\": \"characters\", \"tokens\": ["
            + labels
            + "]}}");
    e = assertThrows(IllegalArgumentException.class, () -> TaskFiles.load(tmp));
    assertEquals(
        file + ": field 'tokens' holds 100001 labels, more than the limit of 100000",
        e.getMessage());
  }

  @Test
  void manifestDirectoriesNeedAllThreeSplits() throws IOException {
    TaskData mini = TaskData.fromManifests(Path.of("..", "data", "mini", "intent"));
    assertEquals(93, mini.train().size(), "data/mini/README.md: 31 intents x 3 phrasings");
    assertEquals(31, mini.val().size());
    assertEquals(124, mini.test().size(), "31 intents x 4 clips");
    Files.writeString(tmp.resolve("train.csv"), "path,label\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskData.fromManifests(tmp));
    assertTrue(e.getMessage().contains("val"), e.getMessage());
  }
}
