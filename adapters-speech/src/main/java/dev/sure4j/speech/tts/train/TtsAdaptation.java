package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import dev.sure4j.adapters.train.ParameterGroup;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.TtsCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One adaptation of a trained TTS model to a new voice, as {@link TtsRecipes#adapt} runs it.
 *
 * @param base the trained model's directory
 * @param corpus the new voice's corpus
 * @param method what trains (not {@link TtsMethod#BASE})
 * @param speaker the speaker id the new voice uses, {@code >= 0}
 * @param stats whose pitch and energy statistics the training targets and the adapted model's
 *     evaluation use: the new voice's ({@link AdaptationStats#VOICE}, saved with the adaptation) or
 *     the base model's; the evaluation before adaptation always uses the base model's
 * @param options the run's settings; an alignment weight above 0 trains the alignment encoder on
 *     the new voice with the forward-sum loss at that weight alongside the method (reported as
 *     {@code aligner_trainable_params} and not saved: inference does not use the aligner), 0 keeps
 *     it frozen so the base model's alignment gives the duration targets
 * @param device where the model is loaded and trained, empty for the engine's default
 * @param cache where utterance features are kept between runs, if anywhere
 * @param out the adaptation directory to write
 * @param checkpoints where the run writes resumable checkpoints, and whether it resumes; empty for
 *     none
 * @param groups optimizer parameter groups, for example {@link ParameterGroup#loraPlus}
 */
public record TtsAdaptation(
    Path base,
    TtsCorpus corpus,
    TtsMethod method,
    int speaker,
    AdaptationStats stats,
    TtsTrainingOptions options,
    Optional<Device> device,
    Optional<FeatureCache> cache,
    Path out,
    Optional<TtsCheckpoints> checkpoints,
    List<ParameterGroup> groups) {

  /** Validates the values. */
  public TtsAdaptation {
    checkArgument(base != null && corpus != null && out != null, "base, corpus and out are needed");
    checkArgument(
        method != null && !method.equals(TtsMethod.BASE),
        "adaptation needs a method other than base");
    checkArgument(speaker >= 0, "speaker must be >= 0: %s", speaker);
    checkArgument(stats != null && options != null, "stats and options are needed");
    checkArgument(device != null && cache != null, "device and cache must not be null (use empty)");
    checkArgument(checkpoints != null, "checkpoints must not be null (use empty)");
    groups = List.copyOf(groups);
  }

  /**
   * Starts an adaptation with speaker 0, the new voice's statistics, the engine's default device
   * and no feature cache.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TtsAdaptation}; {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private Path base;
    private TtsCorpus corpus;
    private TtsMethod method;
    private TtsTrainingOptions options;
    private Path out;
    private int speaker;
    private AdaptationStats stats = AdaptationStats.VOICE;
    private Device device;
    private FeatureCache cache;
    private TtsCheckpoints checkpoints;
    private List<ParameterGroup> groups = List.of();

    private Builder() {}

    /**
     * Sets the trained model's directory.
     *
     * @param base the directory
     * @return this builder
     */
    public Builder setBase(Path base) {
      this.base = base;
      return this;
    }

    /**
     * Sets the new voice's corpus.
     *
     * @param corpus the corpus
     * @return this builder
     */
    public Builder setCorpus(TtsCorpus corpus) {
      this.corpus = corpus;
      return this;
    }

    /**
     * Sets what trains.
     *
     * @param method not {@link TtsMethod#BASE}
     * @return this builder
     */
    public Builder setMethod(TtsMethod method) {
      this.method = method;
      return this;
    }

    /**
     * Sets the run's settings.
     *
     * @param options steps, batch size, learning rate, alignment weight, seed
     * @return this builder
     */
    public Builder setOptions(TtsTrainingOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Sets the adaptation directory to write.
     *
     * @param out the directory
     * @return this builder
     */
    public Builder setOutputDir(Path out) {
      this.out = out;
      return this;
    }

    /**
     * Sets the speaker id the new voice uses (default 0).
     *
     * @param speaker the id
     * @return this builder
     */
    public Builder optSpeaker(int speaker) {
      this.speaker = speaker;
      return this;
    }

    /**
     * Sets whose pitch and energy statistics train and evaluate (default the new voice's).
     *
     * @param stats the statistics
     * @return this builder
     */
    public Builder optStats(AdaptationStats stats) {
      this.stats = stats;
      return this;
    }

    /**
     * Sets the device (default: the engine's).
     *
     * @param device the device, or null for the default
     * @return this builder
     */
    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /**
     * Sets where utterance features are kept between runs (default: nowhere).
     *
     * @param cache the cache, or null for none
     * @return this builder
     */
    public Builder optCache(FeatureCache cache) {
      this.cache = cache;
      return this;
    }

    /**
     * Sets where the run writes resumable checkpoints and whether it resumes (default: none).
     *
     * @param checkpoints the checkpoints, or null for none
     * @return this builder
     */
    public Builder optCheckpoints(TtsCheckpoints checkpoints) {
      this.checkpoints = checkpoints;
      return this;
    }

    /**
     * Sets optimizer parameter groups (default none), for example LoRA+ ({@link
     * ParameterGroup#loraPlus}: {@code lora_B} at {@code ratio} times the learning rate).
     *
     * @param groups the groups; each must match a trainable parameter
     * @return this builder
     */
    public Builder optParameterGroups(List<ParameterGroup> groups) {
      this.groups = groups;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the adaptation
     */
    public TtsAdaptation build() {
      return new TtsAdaptation(
          base,
          corpus,
          method,
          speaker,
          stats,
          options,
          Optional.ofNullable(device),
          Optional.ofNullable(cache),
          out,
          Optional.ofNullable(checkpoints),
          groups);
    }
  }
}
