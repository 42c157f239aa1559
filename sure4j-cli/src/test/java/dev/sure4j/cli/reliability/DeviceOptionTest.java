package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device}: an unknown name, or a GPU the engine does not see, ends a model-loading command
 * with one line naming the value, before anything is loaded or written.
 */
class DeviceOptionTest {

  private static final String CLIP = Cli.ROOT.resolve("data/mini/kws/test/yes_000.wav").toString();
  private static final String KWS =
      "kws=" + Cli.ROOT.resolve("adapters-speech/src/test/resources/dev/sure4j/speech/djl/kws");

  /** The first GPU index the engine does not see, and what its refusal says. */
  private static final String MISSING_GPU = "gpu:" + Engine.getInstance().getGpuCount();

  private static final List<String> MISSING_GPU_LINE =
      List.of("gpu(" + Engine.getInstance().getGpuCount() + ") requested");

  @TempDir Path tmp;

  @Test
  void anUnknownDeviceIsRefused() {
    Cli.run("predict", "--device", "tpu", "--adapter", KWS, CLIP)
        .assertRefused("predict", null, List.of("unknown device 'tpu'", "cpu, gpu or gpu:N"));
    Path out = tmp.resolve("hidden.npy");
    Cli.run(
            "encode",
            "--device",
            "cuda:0",
            "--model",
            Cli.MODEL.toString(),
            "--audio",
            CLIP,
            "--out",
            out.toString())
        .assertRefused("encode", out, List.of("unknown device 'cuda:0'"));
  }

  @Test
  void aGpuTheEngineDoesNotSeeIsRefused() {
    int gpus = Engine.getInstance().getGpuCount();
    String gpu = "gpu:" + gpus;
    Cli.run("predict", "--device", gpu, "--adapter", KWS, CLIP)
        .assertRefused(
            "predict",
            null,
            List.of("gpu(" + gpus + ") requested", "the PyTorch engine sees " + gpus + " GPU"));
  }

  @Test
  void theSynthesisCommandsRefuseAGpuTheEngineDoesNotSee() {
    String gpu = MISSING_GPU;
    List<String> fragments = MISSING_GPU_LINE;
    Path mel = tmp.resolve("mel.npy");
    Cli.run("mel", "--device", gpu, "--audio", CLIP, "--out", mel.toString())
        .assertRefused("mel", mel, fragments);
    Path wav = tmp.resolve("tts.wav");
    Cli.run("tts", "--device", gpu, "--text", "yes", "--out", wav.toString())
        .assertRefused("tts", wav, fragments);
    Path vocoded = tmp.resolve("vocoded.wav");
    Cli.run("vocode", "--device", gpu, "--mel", mel.toString(), "--out", vocoded.toString())
        .assertRefused("vocode", vocoded, fragments);
  }

  @Test
  void theSoakAndBenchmarkCommandsRefuseAGpuTheEngineDoesNotSee() {
    String gpu = MISSING_GPU;
    List<String> fragments = MISSING_GPU_LINE;
    Path soak = tmp.resolve("soak");
    Cli.run("soak", "--device", gpu, "--steps", "2", "--requests", "1", "--out", soak.toString())
        .assertRefused("soak", soak, fragments);
    Cli.run("bench-serving", "--device", gpu).assertRefused("bench-serving", null, fragments);
    Path qs = tmp.resolve("quickstart");
    Cli.run("quickstart", "--task", "tts", "--device", "tpu", "--out", qs.toString())
        .assertRefused("quickstart", qs, List.of("unknown device 'tpu'"));
  }

  @Test
  void theCpuComputesAMelSpectrogram() {
    Path mel = tmp.resolve("cpu-mel.npy");
    Cli.run("mel", "--device", "cpu", "--audio", CLIP, "--out", mel.toString())
        .assertWorked("mel --device cpu");
    assertTrue(Files.isRegularFile(mel), "wrote " + mel);
  }

  @Test
  void theCpuPredicts() {
    Cli cli =
        Cli.run(
                "predict",
                "--device",
                "cpu",
                "--model",
                Cli.MODEL.toString(),
                "--adapter",
                KWS,
                CLIP)
            .assertWorked("--device cpu");
    assertTrue(cli.out().startsWith(CLIP + "\tkws\tyes"), cli.out());
  }
}
