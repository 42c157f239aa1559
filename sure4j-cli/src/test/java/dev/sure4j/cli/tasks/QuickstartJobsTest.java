package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.cli.results.ResultsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quickstart --jobs}: cells trained in worker processes, one libtorch thread each. */
class QuickstartJobsTest {

  private static final String MODEL = Path.of("..", "models", "mini-hubert").toString();

  @TempDir Path tmp;

  private static List<String> quickstart(Path corpus, Path out, String jobs) {
    return List.of(
        Commands.quickstartArgs(
            MODEL, corpus, "kws,ctc", "probe,lora", out, "--ctc-epochs", "1", "--jobs", jobs));
  }

  @Test
  void workersGiveTheRowsOfOneProcessInTableOrder() throws IOException {
    Path corpus = tmp.resolve("corpus");
    SpeechFixtures.miniSubset(corpus, "kws", 8, 8);
    SpeechFixtures.miniSubset(corpus, "ctc", 6, 6);
    String text = Commands.run(quickstart(corpus, tmp.resolve("two"), "2").toArray(String[]::new));
    assertTrue(text.contains("training 4 cells in 2 worker processes"), text);
    Commands.run(quickstart(corpus, tmp.resolve("one"), "1").toArray(String[]::new));
    List<MethodResult> two = ResultsTable.readCsv(tmp.resolve("two").resolve("results.csv"));
    List<MethodResult> one = ResultsTable.readCsv(tmp.resolve("one").resolve("results.csv"));
    assertEquals(4, two.size(), two.toString());
    List<String> order = new ArrayList<>();
    for (int i = 0; i < one.size(); i++) {
      MethodResult a = one.get(i);
      MethodResult b = two.get(i);
      order.add(b.task() + " " + b.method());
      assertEquals(a.task() + " " + a.method(), b.task() + " " + b.method());
      assertEquals(a.trainableParams(), b.trainableParams(), b.toString());
      assertEquals(a.allParams(), b.allParams(), b.toString());
      // one thread instead of the in-process default may reorder float sums: scores agree to
      // well below one test clip (1/14 of kws, a few characters of ctc)
      assertEquals(a.score(), b.score(), 1e-3, "one process " + a + ", workers " + b);
      System.out.printf(
          "%s: score %.6f in one process, %.6f in a worker%n", b, a.score(), b.score());
    }
    assertEquals(List.of("kws linear probe", "kws LoRA", "ctc linear probe", "ctc LoRA"), order);
    for (MethodResult r : two) {
      String method = r.method().equals("LoRA") ? "lora" : "probe";
      Path metrics = tmp.resolve("two").resolve(r.task()).resolve(method).resolve("metrics.json");
      assertEquals(
          Commands.json(metrics).get("score").getAsDouble(), r.score(), 5e-5, r.toString());
    }
  }

  @Test
  void aWorkerThatFailsEndsTheCommandNamingItsCell() throws IOException {
    Path corpus = tmp.resolve("corpus");
    SpeechFixtures.miniSubset(corpus, "kws", 8, 8);
    SpeechFixtures.miniSubset(corpus, "ctc", 6, 6);
    // the cells are planned from the manifests alone; the backbone is read by each cell's run
    Path model = Files.createDirectories(tmp.resolve("broken-model"));
    Files.writeString(model.resolve("config.json"), "{");
    List<String> args = new ArrayList<>(quickstart(corpus, tmp.resolve("failed"), "2"));
    args.set(args.indexOf(MODEL), model.toString());
    Commands.Outcome run = Commands.execute(args.toArray(String[]::new));
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err().contains("quickstart worker ended (exit code 1) while training "), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void jobsBelowOneAreRefused() {
    Commands.Outcome run =
        Commands.execute(quickstart(tmp, tmp.resolve("x"), "0").toArray(String[]::new));
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("--jobs must be at least 1: 0"), run.err());
    assertFalse(Files.exists(tmp.resolve("x")), "writes nothing");
  }
}
