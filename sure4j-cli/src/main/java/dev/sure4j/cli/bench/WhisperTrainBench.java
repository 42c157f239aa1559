package dev.sure4j.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.train.WhisperBatch;
import dev.sure4j.speech.whisper.train.WhisperTargets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The sure4j side of the Whisper training-step benchmark (bench/whisper-train.sh runs both sides,
 * bench/whisper_pytorch_train_bench.py is PyTorch's): a Whisper with random weights (fixed seed) at
 * the geometry of a {@code config.json} (bench/whisper-base-config.json), and the time of one
 * optimizer step of sure4j's Whisper training ({@link WhisperTrainSteps}) on a batch of 4
 * utterances of 10 s of random audio, each padded with silence to the 30 s window as Whisper
 * training does ({@link WhisperFeatures}: {@code [4, 80, 3000]} log-mel features), decoder inputs
 * and labels laid out by {@link WhisperTargets} (the forced prefix {@code
 * <|startoftranscript|><|en|><|transcribe|><|notimestamps|>} and 28, 26, 24, 22 text tokens: {@code
 * [4, 32]}, -100 on prefix targets and padding). Methods: {@code lora} (r 8, alpha 1, on every
 * {@code q_proj} and {@code v_proj}: encoder self-attention, decoder self- and cross-attention) and
 * {@code full} (every weight). Prints one JSON line ({@code "measure": "step"}) with the median and
 * minimum ms per step after the warm-up steps and the process's peak resident memory (MB).
 *
 * <p>Usage: {@code WhisperTrainBench CONFIG_JSON lora|full [repeats] [warm-up] [trace]} (5 and 2 by
 * default; with {@code trace}, libtorch's profiler writes the operators of the last step there as a
 * Chrome trace, which {@code bench/whisper_pytorch_train_bench.py --trace} sums by operator), or
 * {@code WhisperTrainBench --check MODEL_DIR}: on a Whisper checkpoint directory (the committed
 * tiny random one) and a deterministic batch, prints the loss of the first step and the loss of a
 * second full fine-tuning step after one AdamW update at learning rate 1e-3, which
 * bench/whisper_pytorch_train_bench.py --check compares with its own.
 */
public final class WhisperTrainBench {

  private static final int BATCH = 4;
  private static final int SECONDS = 10;
  private static final int[] TEXT_TOKENS = {28, 26, 24, 22};

  /** Whisper's multilingual {@code <|startoftranscript|><|en|><|transcribe|><|notimestamps|>}. */
  private static final long[] BASE_PREFIX = {50258, 50259, 50359, 50363};

  private static final long BASE_END_OF_TEXT = 50257;

  private WhisperTrainBench() {}

  /**
   * Runs one method, or the check, and prints its JSON line.
   *
   * @param args the config file, the method, the repeats and the warm-up steps; or {@code --check}
   *     and a model directory
   * @throws IOException when /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args[0].equals("--check")) {
      check(Path.of(args[1]));
      return;
    }
    WhisperConfig config = WhisperConfig.fromFile(Path.of(args[0]));
    AdapterSpec method = method(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Engine.getInstance().setRandomSeed(0);
    List<Double> times;
    try (NDManager manager = NDManager.newBaseManager()) {
      WhisperModel whisper = new WhisperModel(config);
      whisper.initialize(manager, DataType.FLOAT32, whisper.inputShapes(1, 1));
      NDArray features = WhisperFeatures.of(config.numMelBins()).features(manager, waves(), 3000);
      WhisperBatch batch =
          WhisperBatch.of(manager, features, targets(BASE_PREFIX, BASE_END_OF_TEXT, config));
      Path trace = args.length > 4 ? Path.of(args[4]) : null;
      times =
          WhisperTrainSteps.run(whisper, method, batch, 1e-4, warmUp + repeats, trace)
              .timedMs(warmUp);
    }
    WhisperBench.print("step", args[1], times, EncoderBench.peakRssMb());
  }

  /** LoRA on the query and value projections of both stacks, or full fine-tuning. */
  static AdapterSpec method(String name) {
    return switch (name) {
      case "lora" ->
          LoraSpec.builder().optRank(8).optTargets(Targets.modules("q_proj", "v_proj")).build();
      case "full" -> FullFineTuneSpec.all();
      default ->
          throw new IllegalArgumentException("method must be lora or full, not '" + name + "'");
    };
  }

  /**
   * The batch's decoder inputs and labels; text token {@code i} of utterance {@code b} is {@code (7
   * + 37 b + 101 i) mod endOfText}, as on the PyTorch side.
   */
  static WhisperTargets targets(long[] prefix, long endOfText, WhisperConfig config) {
    List<long[]> texts = new ArrayList<>();
    for (int b = 0; b < TEXT_TOKENS.length; b++) {
      long[] t = new long[TEXT_TOKENS[b]];
      for (int i = 0; i < t.length; i++) {
        t[i] = (7 + 37L * b + 101L * i) % endOfText;
      }
      texts.add(t);
    }
    return WhisperTargets.of(prefix, texts, endOfText, endOfText, config.maxTargetPositions());
  }

  private static float[][] waves() {
    Random random = new Random(1);
    float[][] waves = new float[BATCH][SECONDS * WhisperFeatures.SAMPLE_RATE];
    for (float[] w : waves) {
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (0.1 * random.nextGaussian());
      }
    }
    return waves;
  }

  /** The losses of the check on a checkpoint directory, as one JSON line. */
  private static void check(Path dir) {
    Engine.getInstance().setRandomSeed(0);
    try (NDManager manager = NDManager.newBaseManager()) {
      WhisperConfig config = WhisperConfig.fromFile(dir.resolve("config.json"));
      WhisperGenerationConfig rules =
          WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG));
      int frames = config.melFrames();
      float[] mel = new float[BATCH * config.numMelBins() * frames];
      for (int i = 0; i < mel.length; i++) {
        int b = i / (config.numMelBins() * frames);
        int m = i / frames % config.numMelBins();
        mel[i] = (float) (0.5 * Math.sin(0.37 * m + 0.011 * (i % frames) + b));
      }
      NDArray features = manager.create(mel, new Shape(BATCH, config.numMelBins(), frames));
      WhisperBatch batch =
          WhisperBatch.of(manager, features, targets(rules.prompt(), rules.eosTokenId(), config));
      List<Double> full =
          WhisperTrainSteps.run(
                  WhisperModel.load(dir, manager), FullFineTuneSpec.all(), batch, 1e-3, 2, null)
              .losses();
      List<Double> lora =
          WhisperTrainSteps.run(
                  WhisperModel.load(dir, manager), method("lora"), batch, 1e-3, 1, null)
              .losses();
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"check\": \"%s\", \"loss_step1\": %.7f, \"loss_lora_step1\": %.7f,"
                  + " \"loss_full_step2\": %.7f}",
              dir.getFileName(),
              full.get(0),
              lora.get(0),
              full.get(1)));
    }
  }
}
