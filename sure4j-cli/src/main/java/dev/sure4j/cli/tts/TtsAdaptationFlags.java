package dev.sure4j.cli.tts;

import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.train.AdaptationStats;
import dev.sure4j.speech.tts.train.TtsAdaptation;
import dev.sure4j.speech.tts.train.TtsMethod;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.TtsTrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The two switches of a TTS adaptation shared by {@code tts-train} and {@code train --task tts} (a
 * picocli mixin): per-voice statistics and aligner adaptation, both on by default.
 */
public final class TtsAdaptationFlags {

  @Option(
      names = "--voice-stats",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "TTS adaptation: z-score pitch and energy with the new voice's own statistics, saved as"
              + " voice_stats.json; --no-voice-stats keeps the base model's (default:"
              + " ${DEFAULT-VALUE}).")
  boolean voiceStats;

  @Option(
      names = "--adapt-aligner",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "TTS adaptation: train the alignment encoder on the new voice (forward-sum loss, weight"
              + " 1; not saved) so that it gives the duration targets; --no-adapt-aligner keeps"
              + " the base model's aligner frozen (default: ${DEFAULT-VALUE}).")
  boolean adaptAligner;

  /**
   * Returns the statistics the adaptation normalises pitch and energy with.
   *
   * @return {@link AdaptationStats#VOICE} unless {@code --no-voice-stats}
   */
  public AdaptationStats stats() {
    return voiceStats ? AdaptationStats.VOICE : AdaptationStats.BASE;
  }

  /**
   * Returns the weight of the aligner's forward-sum loss during adaptation.
   *
   * @return 1 unless {@code --no-adapt-aligner}, then 0 (the aligner stays frozen)
   */
  public float alignWeight() {
    return adaptAligner ? 1f : 0f;
  }

  /**
   * Starts the adaptation every TTS command runs: a base model, a corpus, a method, its training
   * options and the output directory (the caller adds speaker, statistics, device, cache and
   * checkpoints).
   *
   * @param base the trained base model directory
   * @param corpus the new voice's corpus
   * @param method the adaptation method
   * @param options steps, batch, learning rate and seed
   * @param out the adaptation directory to write
   * @return the builder
   */
  public static TtsAdaptation.Builder adaptation(
      Path base, TtsCorpus corpus, TtsMethod method, TtsTrainingOptions options, Path out) {
    return TtsAdaptation.builder()
        .setBase(base)
        .setCorpus(corpus)
        .setMethod(method)
        .setOptions(options)
        .setOutputDir(out);
  }

  /**
   * Starts the adaptation of one speaker with these switches: {@link #adaptation} plus the speaker
   * id and {@link #stats()} (the caller adds device, cache, checkpoints and parameter groups).
   *
   * @param base the trained base model directory
   * @param corpus the new voice's corpus
   * @param method the adaptation method
   * @param options steps, batch, learning rate and seed
   * @param out the adaptation directory to write
   * @param speaker the new voice's speaker id
   * @return the builder
   */
  public TtsAdaptation.Builder forVoice(
      Path base,
      TtsCorpus corpus,
      TtsMethod method,
      TtsTrainingOptions options,
      Path out,
      int speaker) {
    return adaptation(base, corpus, method, options, out).optSpeaker(speaker).optStats(stats());
  }

  /**
   * Runs an adaptation, logging to standard output, and prints where it was written.
   *
   * @param run the adaptation
   * @param out its output directory, for the message
   * @return the adaptation's metrics
   * @throws IOException when a file cannot be read or written
   */
  public static Map<String, Object> run(TtsAdaptation run, Path out) throws IOException {
    Map<String, Object> metrics = TtsRecipes.adapt(run, System.out);
    System.out.printf("adaptation written to %s: %s%n", out, metrics);
    return metrics;
  }
}
