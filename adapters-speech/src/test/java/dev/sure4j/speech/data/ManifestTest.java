package dev.sure4j.speech.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

  private static final Path MINI = Path.of("..", "data", "mini");

  @Test
  void readsTheBundledKeywordManifest() throws Exception {
    Manifest m = Manifest.read(MINI.resolve("kws/train.csv"));
    assertEquals(List.of("path", "label"), m.columns());
    assertEquals(308, m.entries().size(), "data/mini/README.md: 28 clips per keyword x 11");
    assertEquals(List.of(), m.missing());
    assertEquals(
        List.of("down", "four", "go", "left", "no", "off", "on", "right", "stop", "up", "yes"),
        m.labels("label"));
    ManifestEntry first = m.entries().get(0);
    assertTrue(Files.isRegularFile(first.audio()), first.audio().toString());
    assertEquals(2, first.line());
  }

  @Test
  void readsIntentAndTranscriptColumns() throws Exception {
    Manifest intent = Manifest.read(MINI.resolve("intent/test.csv"));
    assertEquals(List.of("path", "action", "object", "location", "transcript"), intent.columns());
    assertEquals(6, intent.labels("action").size());
    assertEquals(4, intent.labels("location").size());
    Manifest ctc = Manifest.read(MINI.resolve("ctc/val.csv"));
    assertTrue(ctc.entries().stream().allMatch(e -> !e.get("transcript").isBlank()));
  }

  @Test
  void csvQuotingTsvAndJsonlGiveTheSameEntries(@TempDir Path dir) throws Exception {
    Files.createFile(dir.resolve("a.wav"));
    Files.createFile(dir.resolve("b c.wav"));
    Files.writeString(
        dir.resolve("m.csv"),
        "path,transcript\na.wav,\"hello, world\"\n\"b c.wav\",\"say \"\"hi\"\"\"\nmissing.wav,x\n");
    Files.writeString(
        dir.resolve("m.tsv"),
        "path\ttranscript\na.wav\thello, world\nb c.wav\tsay \"hi\"\nmissing.wav\tx\n");
    Files.writeString(
        dir.resolve("m.jsonl"),
        "{\"path\": \"a.wav\", \"transcript\": \"hello, world\"}\n\n"
            + "{\"path\": \"b c.wav\", \"transcript\": \"say \\\"hi\\\"\"}\n"
            + "{\"path\": \"missing.wav\", \"transcript\": \"x\"}\n");
    for (String f : List.of("m.csv", "m.tsv", "m.jsonl")) {
      Manifest m = Manifest.read(dir.resolve(f));
      assertEquals(2, m.entries().size(), f);
      assertEquals("hello, world", m.entries().get(0).get("transcript"), f);
      assertEquals("say \"hi\"", m.entries().get(1).get("transcript"), f);
      assertEquals(dir.resolve("b c.wav").toAbsolutePath(), m.entries().get(1).audio(), f);
      assertEquals(List.of("missing.wav"), m.missing(), f);
    }
  }

  @Test
  void malformedManifestsNameTheFileAndLine(@TempDir Path dir) throws Exception {
    Path wrongWidth = dir.resolve("w.csv");
    Files.writeString(wrongWidth, "path,label\na.wav,x\nb.wav\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Manifest.read(wrongWidth));
    assertTrue(e.getMessage().contains("w.csv line 3 has 1 columns"), e.getMessage());

    Path quote = dir.resolve("q.csv");
    Files.writeString(quote, "path,label\n\"a.wav,x\n");
    e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(quote));
    assertTrue(
        e.getMessage().contains("q.csv line 2 has an unterminated quoted field"), e.getMessage());

    Path noPath = dir.resolve("n.tsv");
    Files.writeString(noPath, "file\tlabel\na.wav\tx\n");
    e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(noPath));
    assertTrue(e.getMessage().contains("has no 'path' column"), e.getMessage());

    Path badJson = dir.resolve("j.jsonl");
    Files.writeString(badJson, "{\"path\": \"a.wav\"}\n{oops\n");
    e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(badJson));
    assertTrue(e.getMessage().contains("j.jsonl line 2"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(dir.resolve("x.parquet")));
    assertTrue(e.getMessage().contains("use .csv, .tsv or .jsonl"), e.getMessage());
  }
}
