package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV, JSONL and PNG files a run leaves beside its checkpoints. */
class LogsAndPlotsTest {

  @TempDir Path dir;

  @Test
  void aRunWritesParsableLogsAndReadablePlots() throws Exception {
    try (NDManager root = NDManager.newBaseManager()) {
      AdapterModel m = TrainFixture.model(root, 23, LoraSpec.builder().optRank(2).build());
      TrainingResult r =
          AdapterTrainer.builder()
              .setModel(m)
              .setAdapter(TrainFixture.ADAPTER)
              .setLoss(Loss.softmaxCrossEntropyLoss())
              .setTrainData(TrainFixture.data(root, 12, 2, true, 1))
              .optEvalData(TrainFixture.data(root, 6, 3, false, 2))
              .optEvaluator(new TrainFixture.Accuracy())
              .setConfig(
                  TrainingConfig.builder()
                      .optLearningRate(0.02)
                      .optGradientAccumulationSteps(1)
                      .optEpochs(4)
                      .optEvalEverySteps(3)
                      .optLogEverySteps(2)
                      .optMetric("accuracy", true)
                      .optPatience(0)
                      .build())
              .setOutputDir(dir)
              .build()
              .fit();
      assertEquals(24, r.steps());

      List<String> train = Files.readAllLines(dir.resolve(TrainingLog.TRAIN_CSV));
      assertEquals("step,epoch,lr,loss,seconds", train.get(0));
      assertEquals(1 + 12, train.size(), "a line every 2 of 24 steps");
      for (String line : train.subList(1, train.size())) {
        String[] f = line.split(",");
        assertEquals(5, f.length, line);
        long step = Long.parseLong(f[0]);
        assertTrue(step % 2 == 0);
        assertEquals(linearWithWarmup(step - 1), Double.parseDouble(f[2]), 1e-7, line);
        assertTrue(Double.isFinite(Double.parseDouble(f[3])), line);
      }

      List<String> eval = Files.readAllLines(dir.resolve(TrainingLog.EVAL_CSV));
      assertEquals("step,epoch,lr,seconds,accuracy,eval_loss", eval.get(0));
      // every 3 steps (8) plus epoch ends at 6, 12, 18, 24 already counted
      assertEquals(1 + 8, eval.size());
      Map<Long, Double> evalAccuracy = new HashMap<>();
      for (String line : eval.subList(1, eval.size())) {
        String[] f = line.split(",");
        double acc = Double.parseDouble(f[4]);
        assertEquals(Math.rint(acc * 6), acc * 6, 1e-6, "a count of the 6 eval examples: " + line);
        evalAccuracy.put(Long.parseLong(f[0]), acc);
      }

      List<String> jsonl = Files.readAllLines(dir.resolve(TrainingLog.JSONL));
      assertEquals(12 + 8, jsonl.size());
      long evals = 0;
      for (String line : jsonl) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertTrue(o.get("step").getAsLong() > 0);
        if (o.get("type").getAsString().equals("eval")) {
          evals++;
          assertEquals(
              evalAccuracy.get(o.get("step").getAsLong()),
              o.getAsJsonObject("metrics").get("accuracy").getAsDouble(),
              1e-6,
              "the CSV and JSON lines agree: " + line);
          assertTrue(o.get("loss").isJsonNull());
        } else {
          assertTrue(o.get("loss").getAsDouble() > 0);
        }
      }
      assertEquals(8, evals);

      for (String png : List.of(LearningCurves.LOSS_PNG, LearningCurves.METRICS_PNG)) {
        BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
        assertEquals(800, img.getWidth(), png);
        assertEquals(500, img.getHeight(), png);
      }
      assertTrue(Files.isRegularFile(dir.resolve("best").resolve(ParameterCheckpoints.FILE)));
      assertTrue(Files.isRegularFile(dir.resolve("last").resolve(TrainingState.FILE)));
    }
  }

  /**
   * Hugging Face's {@code get_linear_schedule_with_warmup} for this run: peak 0.02, 24 steps, the
   * default warm-up ratio 0.1 giving ceil(2.4) = 3 warm-up steps, at 0-based optimizer step {@code
   * s}.
   */
  private static double linearWithWarmup(long s) {
    return s < 3 ? 0.02 * s / 3 : 0.02 * (24 - s) / 21;
  }
}
