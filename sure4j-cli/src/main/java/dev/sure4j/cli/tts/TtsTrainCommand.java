package dev.sure4j.cli.tts;

import ai.djl.Device;
import dev.sure4j.adapters.train.ParameterGroup;
import dev.sure4j.cli.options.DataOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.cli.options.SeedOption;
import dev.sure4j.cli.options.TrainingThreadsOption;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.EspeakPhonemizer;
import dev.sure4j.speech.tts.text.TextFrontEnd;
import dev.sure4j.speech.tts.train.TtsCheckpoints;
import dev.sure4j.speech.tts.train.TtsMethod;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.TtsTrainingOptions;
import dev.sure4j.speech.tts.train.TtsTrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./sure4j tts-train}: trains a FastSpeech model with its alignment encoder ({@code --method
 * base}, the default) or adapts a trained one ({@code --base DIR --method
 * lora|bottleneck|convadapter|prefix|full|speaker}), on the project's training engine.
 */
@Command(
    name = "tts-train",
    description =
        "Train a FastSpeech TTS model, or adapt one to a new voice, on --data ljspeech:DIR,"
            + " libritts:DIR or manifest:FILE (columns path,text[,speaker]); --out is the model or"
            + " adaptation directory.")
public final class TtsTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataOption input;

  @Mixin OutputOption output;

  @Option(
      names = "--method",
      defaultValue = "base",
      description =
          "base, lora, bottleneck, convadapter, prefix, full or speaker (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--base", description = "The trained model to adapt (all methods but base).")
  Path base;

  @Option(
      names = "--speaker",
      defaultValue = "0",
      description = "Speaker id of the new voice when adapting (default: ${DEFAULT-VALUE}).")
  int speaker;

  @Mixin TtsAdaptationFlags adaptation;

  @Option(
      names = "--steps",
      defaultValue = "1000",
      description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--batch-size",
      defaultValue = "8",
      description = "Utterances per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--size",
      defaultValue = "tiny",
      description =
          "Base geometry: tiny (D 32), small (D 64) or sure (ming024's) (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(
      names = "--phonemes",
      description = "Train on espeak-ng IPA of this voice (e.g. en-us) instead of characters.")
  String phonemes;

  @Mixin TrainingThreadsOption threads;

  @Option(
      names = "--cache",
      description = "Keep the utterances' mel, pitch and energy here between runs (default: none).")
  Path cache;

  @Option(
      names = "--save-every",
      defaultValue = "0",
      description = "Base training: also write the model every N steps (default: only at the end).")
  int saveEvery;

  @Option(
      names = "--max-minutes",
      defaultValue = "0",
      description =
          "Base training: stop after this many minutes of training even before --steps, and save"
              + " (default: no limit).")
  double maxMinutes;

  @Option(
      names = "--log-every",
      defaultValue = "0",
      description = "Log the losses every N steps (default: steps / 20).")
  int logEvery;

  @Option(
      names = "--resume",
      description =
          "Continue the run from its last checkpoint in <out>.training (weights, optimizer state,"
              + " step, batch order).")
  boolean resume;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "0",
      description =
          "Write a resumable checkpoint to <out>.training every N steps (default: the log"
              + " interval).")
  int checkpointEvery;

  @Option(
      names = "--loraplus-ratio",
      description =
          "LoRA+: train lora_B at this many times the learning rate of lora_A (--method lora"
              + " only; default: off).")
  Double loraPlusRatio;

  @Mixin SeedOption seedOption;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.deviceWithThreads(threads.value());
    String data = input.value();
    Path out = output.path();
    TtsMethod m;
    try {
      m = TtsMethod.parse(method);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--method: " + e.getMessage());
    }
    if ((m.equals(TtsMethod.BASE)) != (base == null)) {
      throw new ParameterException(
          spec.commandLine(),
          m.equals(TtsMethod.BASE)
              ? "--base is only for adaptation; give --method too"
              : "--method " + m.id() + " adapts a trained model: give --base DIR");
    }
    TtsTrainingOptions options =
        new TtsTrainingOptions(
            steps,
            batchSize,
            learningRate,
            1.0,
            m.equals(TtsMethod.BASE) ? 1f : adaptation.alignWeight(),
            seedOption.value(),
            logEvery > 0 ? logEvery : Math.max(1, steps / 20));
    List<ParameterGroup> groups = loraPlus(spec.commandLine(), m, loraPlusRatio);
    TtsCheckpoints checkpoints =
        new TtsCheckpoints(
            TtsCheckpoints.dirFor(out),
            checkpointEvery > 0 ? checkpointEvery : options.logEvery(),
            resume);
    TtsCorpus corpus = TtsCorpus.read(data);
    System.out.printf(
        "data %s: %d train, %d val, %d test utterances (%d missing)%n",
        data, corpus.train().size(), corpus.val().size(), corpus.test().size(), corpus.missing());
    if (m.equals(TtsMethod.BASE)) {
      TtsTrainingResult r =
          TtsRecipes.trainBase(
              corpus,
              frontEnd(),
              size,
              options,
              onDevice,
              features(),
              saveEvery,
              Duration.ofMillis(Math.round(maxMinutes * 60_000)),
              checkpoints,
              out,
              System.out);
      System.out.printf(
          Locale.ROOT,
          "trained %d steps in %.1f s (mel L1 %.4f -> %.4f); model written to %s%n",
          r.steps(),
          r.seconds(),
          r.meanMel(1, false),
          r.meanMel(10, true),
          out);
    } else {
      TtsAdaptationFlags.run(
          adaptation
              .forVoice(base, corpus, m, options, out, speaker)
              .optDevice(onDevice)
              .optCache(features().orElse(null))
              .optCheckpoints(checkpoints)
              .optParameterGroups(groups)
              .build(),
          out);
    }
    return 0;
  }

  /**
   * Returns the LoRA+ parameter group of a ratio, refusing it for base training and the speaker
   * table (an adapter without {@code lora_B} is refused by the engine: the group matches nothing).
   *
   * @param line the command line, for the error
   * @param method the method
   * @param ratio {@code lr(lora_B) / lr(lora_A)}, null for none
   * @return the group, or none
   * @throws ParameterException when a ratio is given for a method without an adapter
   */
  static List<ParameterGroup> loraPlus(CommandLine line, TtsMethod method, Double ratio) {
    if (ratio == null) {
      return List.of();
    }
    if (method.spec().isEmpty()) {
      throw new ParameterException(
          line, "--loraplus-ratio is for LoRA adapters, not --method " + method.id());
    }
    try {
      return List.of(ParameterGroup.loraPlus(ratio));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, "--loraplus-ratio: " + e.getMessage());
    }
  }

  private Optional<FeatureCache> features() {
    return Optional.ofNullable(cache).map(FeatureCache::new);
  }

  private TextFrontEnd frontEnd() {
    if (phonemes == null) {
      return new CharacterFrontEnd();
    }
    return EspeakPhonemizer.find(phonemes)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(), "--phonemes needs espeak-ng on the PATH"));
  }
}
