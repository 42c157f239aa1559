package dev.sure4j.examples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.files.AdapterFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's step-by-step example runs as documented, on a small copy of the kws task. */
class TrainYourOwnAdapterTest {

  private static final Path KWS = Path.of("..", "data", "mini", "kws").toAbsolutePath().normalize();

  @Test
  void theGuideTrainsAndScoresAnAdapter(@TempDir Path tmp) throws Exception {
    Path task = tmp.resolve("kws");
    Files.createDirectories(task);
    for (String split : List.of("train", "val", "test")) {
      copyEvery(split, split.equals("train") ? 4 : 2, task);
    }
    Path out = tmp.resolve("out");
    double accuracy = TrainYourOwnAdapter.run(Path.of("..", "models", "mini-hubert"), task, out, 2);
    System.out.printf("guide on a quarter of kws, 2 epochs: test accuracy %.3f%n", accuracy);
    int testUtterances = Files.readAllLines(task.resolve("test.csv")).size() - 1;
    double correct = accuracy * testUtterances;
    assertEquals(
        Math.rint(correct), correct, 1e-6, "a share of the " + testUtterances + " test utterances");
    assertTrue(
        Files.isRegularFile(
            out.resolve("best").resolve("adapter").resolve(AdapterFiles.TENSOR_FILE)),
        "the best checkpoint is a shippable adapter directory");
  }

  private static void copyEvery(String split, int step, Path dir) throws IOException {
    List<String> lines = Files.readAllLines(KWS.resolve(split + ".csv"));
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    for (int i = 1; i < lines.size(); i += step) {
      out.add(KWS + "/" + lines.get(i));
    }
    Files.write(dir.resolve(split + ".csv"), out);
  }
}
