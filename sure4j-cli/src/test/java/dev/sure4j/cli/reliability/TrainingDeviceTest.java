package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} on the training commands: {@code train --device cpu} trains and writes its
 * metrics, a GPU the engine does not see is refused in one line before anything is written, and on
 * a machine with a GPU {@code train --device gpu} trains there (skipped without one).
 */
class TrainingDeviceTest {

  @TempDir static Path tmp;
  private static Path corpus;

  /** A kws corpus of every 16th clip of the mini corpus: a few seconds of training. */
  @BeforeAll
  static void smallCorpus() throws IOException {
    corpus = Cli.kwsSubset(tmp.resolve("kws"));
  }

  private static Cli train(String device, Path out) {
    return Cli.run(
        "train",
        "--device",
        device,
        "--model",
        Cli.MODEL.toString(),
        "--data",
        corpus.toString(),
        "--method",
        "lora",
        "--max-steps",
        "2",
        "--out",
        out.toString());
  }

  @Test
  void theCpuTrains() {
    Path out = tmp.resolve("cpu");
    train("cpu", out).assertWorked("train --device cpu");
    assertTrue(Files.isRegularFile(out.resolve("metrics.json")), "metrics.json in " + out);
    assertTrue(Files.isDirectory(out.resolve("adapter")), "adapter in " + out);
  }

  @Test
  void aGpuTheEngineDoesNotSeeIsRefusedBeforeAnythingIsWritten() {
    int gpus = Engine.getInstance().getGpuCount();
    String gpu = "gpu:" + gpus;
    List<String> fragments =
        List.of("gpu(" + gpus + ") requested", "the PyTorch engine sees " + gpus + " GPU");
    Path out = tmp.resolve("absent-gpu");
    train(gpu, out).assertRefused("train", out, fragments);
    Path qs = tmp.resolve("absent-gpu-quickstart");
    Cli.run(
            "quickstart",
            "--device",
            gpu,
            "--model",
            Cli.MODEL.toString(),
            "--data",
            tmp.toString(),
            "--task",
            "kws",
            "--out",
            qs.toString())
        .assertRefused("quickstart", qs, fragments);
    Path pretrained = tmp.resolve("absent-gpu-pretrain");
    Cli.run("pretrain", "--device", gpu, "--out", pretrained.toString())
        .assertRefused("pretrain", pretrained, fragments);
    Path tts = tmp.resolve("absent-gpu-tts");
    Cli.run("tts-train", "--device", gpu, "--data", "ljspeech:" + tmp, "--out", tts.toString())
        .assertRefused("tts-train", tts, fragments);
    Cli.run("demo", "--device", gpu).assertRefused("demo", null, fragments);
  }

  @Test
  void plainGpuIsRefusedOnAMachineWithoutOne() {
    assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
    Path out = tmp.resolve("no-gpu");
    train("gpu", out).assertRefused("train", out, List.of("gpu(0) requested", "sees 0 GPUs"));
  }

  @Test
  void aGpuTrainsWhenThereIsOne() {
    assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU on this machine");
    Path out = tmp.resolve("gpu");
    train("gpu", out).assertWorked("train --device gpu");
    assertTrue(Files.isRegularFile(out.resolve("metrics.json")), "metrics.json in " + out);
  }
}
