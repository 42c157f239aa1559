package dev.sure4j.cli.tts;

import ai.djl.Device;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.train.TtsMethod;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.TtsTrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code tts} column of {@code ./sure4j quickstart --task tts} (a picocli mixin with its
 * options): adapts the bundled base model to the held-out voice of {@code data/mini/tts/adapt.csv}
 * with every TTS method ({@link TtsMethod}, base training excepted) and reports the test MCD
 * (fairseq's, lower is better) of each, with the unadapted model's on the same sentences.
 */
public final class TtsQuickstart {

  /** The task name of the rows. */
  public static final String TASK = "tts";

  @Option(
      names = "--tts-data",
      defaultValue = "manifest:data/mini/tts/adapt.csv",
      description = "TTS: the new voice's corpus (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--tts-base",
      defaultValue = "models/mini-tts",
      description = "TTS: the base model to adapt (default: ${DEFAULT-VALUE}).")
  Path base;

  @Option(
      names = "--tts-steps",
      defaultValue = "200",
      description = "TTS: adaptation steps per method (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--tts-lr",
      description =
          "TTS: AdamW learning rate of every method (default: 1e-3 for full fine-tuning, 5e-3"
              + " for the others).")
  Float learningRate;

  @Option(
      names = "--tts-adapt-aligner",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "TTS: train the alignment encoder on the new voice (forward-sum loss, weight 1; not"
              + " saved); --no-tts-adapt-aligner keeps the base model's aligner frozen (default:"
              + " ${DEFAULT-VALUE}).")
  boolean adaptAligner;

  /**
   * Returns the table label of a TTS method, the same as the understanding tasks' where the method
   * is the same, so that the quickstart table puts them on one row.
   *
   * @param method a TTS method
   * @return e.g. {@code LoRA}, {@code speaker embedding}
   */
  public static String label(TtsMethod method) {
    return method.label();
  }

  /**
   * Adapts the base model with every method and returns one row per method (metric {@code mcd}; a
   * run that fails keeps NaN).
   *
   * @param console where progress and results go
   * @param seed the seed of every run
   * @param device where the model runs
   * @param out the directory that receives {@code <method>/} adaptations and the feature cache
   * @return the rows, in {@link TtsMethod} order
   * @throws IOException when the corpus or the base model cannot be read
   */
  public List<MethodResult> run(PrintStream console, long seed, Device device, Path out)
      throws IOException {
    TtsCorpus corpus = TtsCorpus.read(data);
    console.printf(
        Locale.ROOT,
        "%n== tts (mcd, fairseq MCD, lower is better): %d train / %d val / %d test utterances of %s,"
            + " base %s, %d steps per method%n",
        corpus.train().size(),
        corpus.val().size(),
        corpus.test().size(),
        data,
        base,
        steps);
    FeatureCache cache = new FeatureCache(out.resolve("feature-cache"));
    List<MethodResult> rows = new ArrayList<>();
    for (TtsMethod m : TtsMethod.values()) {
      if (m.equals(TtsMethod.BASE)) {
        continue;
      }
      float lr = learningRate != null ? learningRate : TtsTaskOptions.learningRate(m);
      TtsTrainingOptions options =
          new TtsTrainingOptions(
              steps,
              TtsTaskOptions.DEFAULT_BATCH,
              lr,
              1.0,
              adaptAligner ? 1f : 0f,
              seed,
              Math.max(1, steps / 10));
      Map<String, Object> metrics =
          TtsRecipes.adapt(
              TtsAdaptationFlags.adaptation(base, corpus, m, options, out.resolve(m.id()))
                  .optDevice(device)
                  .optCache(cache)
                  .build(),
              console);
      double mcd = (Double) metrics.get("mcd");
      long trainable = (Long) metrics.get("trainable_params");
      long all = (Long) metrics.get("base_params");
      double seconds = (Double) metrics.get("train_seconds");
      console.printf(
          Locale.ROOT,
          "%-8s %-22s mcd %.2f (before %.2f)  f0 %.0f cents  (%,d trainable, %.1f s)%n",
          TASK,
          label(m),
          mcd,
          (Double) metrics.get("mcd_before"),
          (Double) metrics.get("f0_rmse_cents"),
          trainable,
          seconds);
      rows.add(
          new MethodResult(
              TASK, label(m), "mcd", mcd, trainable, all, seconds, seed, lr, Double.NaN));
    }
    return rows;
  }
}
