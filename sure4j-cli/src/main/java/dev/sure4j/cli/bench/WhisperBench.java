package dev.sure4j.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperDecoderCache;
import dev.sure4j.speech.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sure4j side of the Whisper benchmark (bench/whisper.sh runs both sides): a Whisper with
 * random weights at the geometry of a {@code config.json} (bench/whisper-base-config.json: d_model
 * 512, 6 + 6 layers, 8 heads, 80 mel bins, 51,865 tokens), the time of one encoder pass over a 30 s
 * window ({@code [1, 80, 3000]} log-mel features) and of greedy decoding one token at a time
 * through the key-value cache, per window of positions, as bench/whisper_pytorch_bench.py measures
 * PyTorch. A decoding step is the decoder over one new token, the logits against the tied embedding
 * ({@code [1, 1, 51865]}) and their argmax, read back as the next token. Prints one JSON object per
 * line: {@code "measure": "encoder"} and one {@code "measure": "decode"} line per window, each with
 * its median and minimum over the repeats (ms for the encoder, ms per token for decoding), and the
 * process's peak resident memory (MB) at the end.
 *
 * <p>Usage: {@code WhisperBench CONFIG_JSON WINDOWS [repeats]}, windows as {@code 1-11,100-110,...}
 * (decoding positions, end exclusive; the first position is the start token's), repeats 5 by
 * default.
 */
public final class WhisperBench {

  private WhisperBench() {}

  /**
   * Runs the benchmark and prints its JSON lines.
   *
   * @param args the config file, the windows and the repeats
   * @throws IOException when /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    WhisperConfig config = WhisperConfig.fromFile(Path.of(args[0]));
    int[][] windows = windows(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Engine.getInstance().setRandomSeed(0);
    List<Double> encoderMs = new ArrayList<>();
    List<double[]> decodeMs = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      WhisperModel model = new WhisperModel(config);
      model.initialize(manager, DataType.FLOAT32, model.inputShapes(1, 1));
      ParameterStore store = new ParameterStore(manager, false);
      NDArray mel = manager.randomNormal(model.inputShapes(1, 1)[0]);
      for (int r = 0; r < repeats + 1; r++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray features = mel.duplicate();
          features.attach(scope);
          long t0 = System.nanoTime();
          NDArray states = model.encoder().encode(store, features, false);
          states.toFloatArray(); // waits for the result
          double encoder = (System.nanoTime() - t0) / 1e6;
          double[] perToken = decode(model, store, states, windows);
          if (r > 0) { // the first pass warms up
            encoderMs.add(encoder);
            decodeMs.add(perToken);
          }
        }
      }
    }
    double rss = EncoderBench.peakRssMb();
    print("encoder", "30 s window", encoderMs, rss);
    for (int w = 0; w < windows.length; w++) {
      List<Double> times = new ArrayList<>();
      for (double[] run : decodeMs) {
        times.add(run[w]);
      }
      print("decode", "tokens " + windows[w][0] + "-" + windows[w][1], times, rss);
    }
  }

  /**
   * Decodes greedily from one start token to the end of the last window and returns the mean time
   * per token (ms) in each window.
   */
  private static double[] decode(
      WhisperModel model, ParameterStore store, NDArray states, int[][] windows) {
    int last = windows[windows.length - 1][1];
    double[] stepMs = new double[last];
    try (NDManager run = states.getManager().newSubManager()) {
      WhisperDecoderCache cache = model.decoder().newCache(store, states, false);
      long next = model.config().decoderStartTokenId();
      for (int pos = 0; pos < last; pos++) {
        try (NDManager step = run.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray ids = step.create(new long[] {next}, new Shape(1, 1));
          NDArray logits = model.decoder().logits(store, ids, cache, false);
          next = logits.argMax(-1).toLongArray()[0];
          stepMs[pos] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    double[] out = new double[windows.length];
    for (int w = 0; w < windows.length; w++) {
      double sum = 0;
      for (int p = windows[w][0]; p < windows[w][1]; p++) {
        sum += stepMs[p];
      }
      out[w] = sum / (windows[w][1] - windows[w][0]);
    }
    return out;
  }

  /** Parses {@code a-b,c-d,...} into increasing position windows, end exclusive. */
  static int[][] windows(String text) {
    String[] parts = text.split(",");
    int[][] out = new int[parts.length][];
    int previous = 0;
    for (int i = 0; i < parts.length; i++) {
      String[] ab = parts[i].trim().split("-");
      if (ab.length != 2) {
        throw new IllegalArgumentException("window '" + parts[i] + "' is not FROM-TO");
      }
      out[i] = new int[] {Integer.parseInt(ab[0]), Integer.parseInt(ab[1])};
      if (out[i][0] < previous || out[i][1] <= out[i][0]) {
        throw new IllegalArgumentException(
            "windows '" + text + "' are not increasing and disjoint");
      }
      previous = out[i][1];
    }
    return out;
  }

  /**
   * Prints one result as a JSON line: the engine, the measure, the thread count, the median and
   * minimum of the times (ms), the repeats, the peak resident memory (MB) and the machine's load.
   * The Whisper benchmarks' summaries (bench/whisper.sh, bench/whisper-train.sh) read these lines.
   */
  static void print(String measure, String what, List<Double> times, double rss) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"side\": \"sure4j\", \"engine\": \"PyTorch %s\", \"measure\": \"%s\", \"what\": \"%s\","
                + " \"threads\": \"%s\", \"median_ms\": %.2f, \"min_ms\": %.2f, \"repeats\": %d,"
                + " \"peak_rss_mb\": %.1f, \"load\": \"%s\"}",
            Engine.getInstance().getVersion(),
            measure,
            what,
            System.getProperty("ai.djl.pytorch.num_threads", "engine default"),
            Stopwatch.median(times),
            Stopwatch.min(times),
            times.size(),
            rss,
            Stopwatch.load()));
  }
}
