package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.results.MethodResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task commands on a small copy of the mini corpus: a few steps each, checking what they write
 * and print, not how well they learn.
 */
class TaskCommandsTest {

  private static final Path MINI = Path.of("..", "data", "mini").toAbsolutePath().normalize();
  private static final String MODEL = Path.of("..", "models", "mini-hubert").toString();

  @TempDir static Path tmp;
  private static Path corpus;

  private static void subset(String task, int step, int testStep) throws IOException {
    SpeechFixtures.miniSubset(corpus, task, step, testStep);
  }

  @BeforeAll
  static void smallCorpus() throws IOException {
    corpus = tmp.resolve("corpus");
    subset("kws", 8, 8);
    // intent: 3 train and 4 test clips per intent, so steps 6 and 8 both keep the even intents
    subset("intent", 6, 8);
    subset("ctc", 6, 6);
  }

  private static String run(String... args) {
    return Commands.run(args);
  }

  @Test
  void aGivenVocabularyBecomesTheCtcHeadsOutputs() throws IOException {
    Path vocab = tmp.resolve("vocab.json");
    StringBuilder json = new StringBuilder("{\"[PAD]\": 0, \"[UNK]\": 1, \"|\": 2");
    String letters = "abcdefghijklmnopqrstuvwxyz'";
    for (int i = 0; i < letters.length(); i++) {
      json.append(String.format(", \"%s\": %d", letters.charAt(i), i + 3));
    }
    Files.writeString(vocab, json.append("}").toString());
    Path out = tmp.resolve("ctc-vocab");
    run(
        "train",
        "--model",
        MODEL,
        "--data",
        corpus.resolve("ctc").toString(),
        "--method",
        "lora",
        "--vocab",
        vocab.toString(),
        "--max-steps",
        "2",
        "--out",
        out.toString());
    JsonObject v =
        Commands.json(out.resolve("adapter").resolve("task.json")).getAsJsonObject("vocabulary");
    assertEquals(30, v.getAsJsonArray("tokens").size());
    assertEquals("[PAD]", v.get("pad").getAsString());
    assertEquals("[UNK]", v.get("unk").getAsString());
  }

  @Test
  void badInputEndsWithOneClearLine() throws IOException {
    Path missing = tmp.resolve("no-such-manifests");
    String text = Commands.trainRefused(MODEL, missing, "--out", tmp.resolve("x").toString());
    assertTrue(text.startsWith("sure4j train: "), text);
    assertTrue(text.contains("no-such-manifests"), "names the path: " + text);
  }

  /** Runs a one-epoch quickstart on the small corpus. */
  private static String quickstart(Path out, String tasks, String methods, String... extra) {
    return run(Commands.quickstartArgs(MODEL, corpus, tasks, methods, out, extra));
  }

  @Test
  void quickstartWritesOneCsvRowPerTaskAndMethod() throws IOException {
    Path out = tmp.resolve("quickstart");
    String text = quickstart(out, "kws,intent", "probe,lora");
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(MethodResult.CSV_HEADER, rows.get(0));
    assertEquals(
        "task,method,metric,score,trainable_params,trainable_pct,train_seconds,seed,learning_rate,"
            + "val_score",
        rows.get(0));
    assertEquals(5, rows.size(), rows.toString());
    assertTrue(rows.get(1).startsWith("kws,linear probe,accuracy,"), rows.get(1));
    assertTrue(rows.get(4).startsWith("intent,LoRA,accuracy,"), rows.get(4));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      String method = f[1].equals("linear probe") ? "probe" : "lora";
      Path metrics = out.resolve(f[0]).resolve(method).resolve("metrics.json");
      double saved = Commands.json(metrics).get("score").getAsDouble();
      assertEquals(
          saved, Double.parseDouble(f[3]), 5e-5, "the table row is the run's score: " + row);
    }
    assertTrue(text.contains("kws acc"), text);
    assertTrue(Files.isRegularFile(out.resolve("intent").resolve("lora").resolve("metrics.json")));
  }

  @Test
  void quickstartUnderstandsAliasesAndSummarisesSeveralSeeds() throws IOException {
    Path out = tmp.resolve("quickstart-seeds");
    String text = quickstart(out, "ks", "ConvAdapter (identity)", "--seeds", "2");
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, rows.size(), rows.toString());
    double[] scores = new double[2];
    for (int i = 0; i < 2; i++) {
      String[] f = rows.get(i + 1).split(",");
      assertEquals("ks", f[0]);
      assertEquals("ConvAdapter (identity)", f[1]);
      assertEquals(String.valueOf(i), f[7], "seeds count up from the default: " + rows);
      scores[i] = Double.parseDouble(f[3]);
      Path metrics =
          out.resolve("ks")
              .resolve("conv-identity")
              .resolve("seed-" + f[7])
              .resolve("metrics.json");
      assertTrue(Files.isRegularFile(metrics), metrics.toString());
    }
    double mean = (scores[0] + scores[1]) / 2;
    double sd = Math.abs(scores[0] - scores[1]) / Math.sqrt(2);
    String cell = String.format(java.util.Locale.ROOT, "%.1f±%.1f%%", 100 * mean, 100 * sd);
    assertTrue(text.contains(cell), "the table shows " + cell + ": " + text);
  }

  @Test
  void quickstartResumeReusesTheRunsInResultsCsvAndTrainsTheRest() throws IOException {
    Path out = tmp.resolve("quickstart-resume");
    Files.createDirectories(out);
    // a hand-written earlier run of the probe on ks: score 0.1234, learning rate 0.03 (its default)
    String earlier = "ks,linear probe,accuracy,0.1234,100,1.0000,1.00,0,0.03,0.5000";
    Files.writeString(out.resolve("results.csv"), MethodResult.CSV_HEADER + "\n" + earlier + "\n");
    String text = quickstart(out, "ks", "probe,lora", "--resume");
    assertTrue(text.contains("reused from"), text);
    assertTrue(text.contains("12.3%"), "the reused score is in the table: " + text);
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, rows.size(), rows.toString());
    assertEquals(earlier, rows.get(1), "the reused row is kept as it was");
    assertTrue(rows.get(2).startsWith("ks,LoRA,accuracy,"), rows.get(2));
    assertTrue(Files.isRegularFile(out.resolve("ks").resolve("lora").resolve("metrics.json")));
    assertTrue(
        Files.notExists(out.resolve("ks").resolve("probe")), "the reused run was not trained");
  }

  @Test
  void trainThenEvaluateThenPredictWithTwoAdapters() throws IOException {
    Path kws = tmp.resolve("kws-lora");
    run(
        "train",
        "--model",
        MODEL,
        "--data",
        corpus.resolve("kws").toString(),
        "--method",
        "lora",
        "--max-steps",
        "3",
        "--out",
        kws.toString());
    assertEquals("kws", Commands.json(kws.resolve("metrics.json")).get("task").getAsString());
    String text =
        Commands.evaluateReproducesAccuracy(
            MODEL, kws, corpus.resolve("kws"), tmp.resolve("eval.json"));
    assertTrue(text.contains("accuracy="), text);

    Path intent = tmp.resolve("intent-probe");
    run(
        "train",
        "--model",
        MODEL,
        "--data",
        corpus.toString(),
        "--task",
        "intent",
        "--method",
        "probe",
        "--max-steps",
        "2",
        "--out",
        intent.toString());
    String clip =
        Files.readAllLines(corpus.resolve("kws").resolve("test.csv")).get(1).split(",")[0];
    String predicted =
        run(
            "predict",
            "--model",
            MODEL,
            "--adapter",
            "kws=" + kws.resolve("adapter"),
            "--adapter",
            "intent=" + intent.resolve("adapter"),
            "--merge",
            clip);
    String[] lines = predicted.strip().split("\n");
    assertEquals(2, lines.length, predicted);
    assertTrue(lines[0].startsWith(clip + "\tkws\t"), lines[0]);
    assertTrue(lines[1].startsWith(clip + "\tintent\t"), lines[1]);
    assertEquals(3, lines[1].split("\t")[2].split(" / ").length, "action / object / location");
  }
}
