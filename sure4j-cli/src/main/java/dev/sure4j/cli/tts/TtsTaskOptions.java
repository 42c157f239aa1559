package dev.sure4j.cli.tts;

import ai.djl.Device;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.train.TtsCheckpoints;
import dev.sure4j.speech.tts.train.TtsMethod;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.TtsTrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The text-to-speech route of {@code ./sure4j train --task tts} (a picocli mixin): its own options
 * ({@code --base}, {@code --speaker}, {@code --[no-]voice-stats}, {@code --[no-]adapt-aligner},
 * {@code --tts-cache}) and the adaptation, with {@code --loraplus-ratio} and {@code --resume} of
 * {@code train} (checkpoints in {@code <out>.training}, {@link TtsCheckpoints#dirFor}), through
 * {@link TtsRecipes#adapt}, the code {@code tts-train --method ...} runs.
 */
public final class TtsTaskOptions {

  /** Adaptation steps when {@code --max-steps} is not given. */
  public static final int DEFAULT_STEPS = 200;

  /** Utterances per step when {@code --batch-size} is not given. */
  public static final int DEFAULT_BATCH = 8;

  /**
   * Returns a method's AdamW learning rate when none is given ({@link TtsMethod#learningRate}: 1e-3
   * for base training and full fine-tuning, 5e-3 for the small adapters and the speaker table).
   *
   * @param method the method
   * @return the learning rate
   */
  public static float learningRate(TtsMethod method) {
    return (float) method.learningRate();
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--base",
      defaultValue = "models/mini-tts",
      description = "TTS only: the trained FastSpeech model to adapt (default: ${DEFAULT-VALUE}).")
  Path base;

  @Option(
      names = "--speaker",
      defaultValue = "0",
      description = "TTS only: speaker id the new voice uses (default: ${DEFAULT-VALUE}).")
  int speaker;

  @Mixin TtsAdaptationFlags adaptation;

  @Option(
      names = "--tts-cache",
      description = "TTS only: keep utterance features here between runs (default: none).")
  Path cache;

  /**
   * Adapts the base model to a corpus with one method and writes the adaptation and {@code
   * metrics.json} ({@code mcd} and {@code mcd_before}, F0 error, duration error).
   *
   * @param data {@code ljspeech:DIR}, {@code libritts:DIR} or {@code manifest:FILE}
   * @param method lora, bottleneck, convadapter, prefix, full or speaker
   * @param out the adaptation directory
   * @param steps optimizer steps, 0 for {@value #DEFAULT_STEPS}
   * @param learningRate the learning rate, null for the method's ({@link #learningRate})
   * @param batchSize utterances per step, used only when {@code --batch-size} was given
   * @param seed the seed
   * @param device where the model trains, null for the engine's default device
   * @return the metrics written
   * @throws IOException when a file cannot be read or written
   */
  public Map<String, Object> adapt(
      String data,
      String method,
      Path out,
      long steps,
      Double learningRate,
      int batchSize,
      long seed,
      Device device)
      throws IOException {
    TtsMethod m;
    try {
      m = TtsMethod.parse(method);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--method: " + e.getMessage());
    }
    if (m.equals(TtsMethod.BASE)) {
      throw new ParameterException(
          mixee.commandLine(), "--task tts adapts a trained model: train one with tts-train");
    }
    int n = steps > 0 ? Math.toIntExact(steps) : DEFAULT_STEPS;
    boolean batchGiven = mixee.commandLine().getParseResult().hasMatchedOption("--batch-size");
    TtsTrainingOptions options =
        new TtsTrainingOptions(
            n,
            batchGiven ? batchSize : DEFAULT_BATCH,
            learningRate != null ? learningRate.floatValue() : learningRate(m),
            1.0,
            adaptation.alignWeight(),
            seed,
            Math.max(1, n / 20));
    ParseResult parsed = mixee.commandLine().getParseResult();
    Double ratio = parsed.matchedOptionValue("--loraplus-ratio", null);
    TtsCorpus corpus = TtsCorpus.read(data);
    System.out.printf(
        "train: tts with %s on %s from %s (%d train / %d val / %d test utterances)%n",
        m.id(), data, base, corpus.train().size(), corpus.val().size(), corpus.test().size());
    return TtsAdaptationFlags.run(
        adaptation
            .forVoice(base, corpus, m, options, out, speaker)
            .optDevice(device)
            .optCache(cache == null ? null : new FeatureCache(cache))
            .optCheckpoints(
                new TtsCheckpoints(
                    TtsCheckpoints.dirFor(out),
                    options.logEvery(),
                    parsed.hasMatchedOption("--resume")))
            .optParameterGroups(TtsTrainCommand.loraPlus(mixee.commandLine(), m, ratio))
            .build(),
        out);
  }
}
