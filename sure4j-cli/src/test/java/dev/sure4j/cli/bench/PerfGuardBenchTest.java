package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.cli.pretrain.HubertGeometry;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The performance regression guard (tag {@code bench}, not run by {@code mvn verify}; see
 * docs/performance.md#the-regression-guard): the median of 15 inference passes and of 15 LoRA
 * training steps (after 3 untimed each) at a small fixed geometry, against the baseline stored for
 * this machine ({@link PerfBaseline}); fails when either is more than 20 % slower.
 *
 * <p>{@code -Dsure4j.bench.record=true} stores the medians as this machine's baseline instead of
 * comparing; {@code -Dsure4j.bench.baseline=FILE} picks the file (default {@code
 * ../bench/perf-baseline.json}, the repository's {@code bench/} seen from the module).
 */
@Tag("bench")
class PerfGuardBenchTest {

  private static final int BATCH = 2;
  private static final int SAMPLES = 16_000;
  private static final int CLASSES = 4;
  private static final int WARM_UP = 3;
  private static final int REPEATS = 15;

  /**
   * The guard's geometry: HuBERT's 7 convolutions at 128 channels, post-LN, 4 layers of width 256
   * with 4 heads and FFN 1024, positional convolution 32 wide in 8 groups, no dropout.
   */
  static EncoderConfig geometry() {
    return HubertGeometry.small(128, 256, 1024, 0f);
  }

  @Test
  void inferenceAndALoraStepAreNoMoreThanTwentyPercentSlowerThanTheBaseline() throws Exception {
    Map<String, Double> measured = new LinkedHashMap<>();
    Engine.getInstance().setRandomSeed(0);
    try (NDManager manager = NDManager.newBaseManager()) {
      SpeechEncoder encoder = new SpeechEncoder(geometry());
      encoder.initialize(manager, DataType.FLOAT32, new Shape(BATCH, SAMPLES));
      NDArray waves = manager.randomNormal(new Shape(BATCH, SAMPLES));
      measured.put(
          "inference_ms",
          Stopwatch.median(BenchPasses.inference(manager, encoder, waves, WARM_UP, REPEATS)));
      AdapterModel model =
          BenchPasses.withAdapter(manager, encoder, "lora", LoraSpec.builder().build(), CLASSES);
      measured.put(
          "lora_step_ms",
          Stopwatch.median(
              BenchPasses.steps(
                  manager, model, waves, manager.getDevice(), CLASSES, WARM_UP, REPEATS)));
    }
    Path file = Path.of(System.getProperty("sure4j.bench.baseline", "../bench/perf-baseline.json"));
    String machine = PerfBaseline.thisMachine();
    System.out.printf("guard: %s, measured %s (%s)%n", machine, measured, Stopwatch.load());
    if (Boolean.getBoolean("sure4j.bench.record")) {
      PerfBaseline.write(file, machine, measured);
      System.out.println("guard: recorded as the baseline in " + file.toAbsolutePath());
      return;
    }
    Map<String, Double> baseline = PerfBaseline.read(file, machine);
    assertFalse(
        baseline.isEmpty(),
        file.toAbsolutePath()
            + " has no baseline for '"
            + machine
            + "': record one on the base commit with -Dsure4j.bench.record=true");
    List<PerfGuard.Verdict> verdicts = PerfGuard.compare(baseline, measured, PerfGuard.TOLERANCE);
    String report =
        verdicts.stream().map(PerfGuard.Verdict::line).collect(Collectors.joining("\n"));
    System.out.println(report);
    assertTrue(verdicts.stream().noneMatch(PerfGuard.Verdict::slower), report);
  }
}
