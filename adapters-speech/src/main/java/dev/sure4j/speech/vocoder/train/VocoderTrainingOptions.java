package dev.sure4j.speech.vocoder.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How {@link VocoderTrainer} trains. The reference values: segments of 8192 samples, learning rate
 * 2e-4 for both optimizers (AdamW, betas 0.8 and 0.99, weight decay 0.01), decayed by 0.999 per
 * epoch (an epoch is {@code ceil(recordings / batch)} updates), no gradient clipping.
 *
 * @param preset the geometry
 * @param steps the updates to reach (each a discriminator and a generator update), {@code >= 0}
 * @param batch segments per update, {@code >= 1}
 * @param segment samples per segment, a positive multiple of the hop
 * @param learningRate the initial learning rate of both optimizers, {@code > 0}
 * @param seed the seed of the initialisation and the segment draws
 * @param saveEvery updates between checkpoints, {@code >= 1} (the last update always saves)
 */
public record VocoderTrainingOptions(
    VocoderPreset preset,
    long steps,
    int batch,
    int segment,
    double learningRate,
    long seed,
    int saveEvery) {

  /** The reference segment length in samples. */
  public static final int SEGMENT = 8192;

  /** The reference learning rate. */
  public static final double LEARNING_RATE = 2e-4;

  /** The reference decay of the learning rate per epoch. */
  public static final double DECAY_PER_EPOCH = 0.999;

  /** Validates the values. */
  public VocoderTrainingOptions {
    checkArgument(preset != null, "vocoder preset is required");
    checkArgument(steps >= 0, "steps must be >= 0: %s", steps);
    checkArgument(batch >= 1, "batch must be >= 1: %s", batch);
    checkArgument(segment > 0, "segment must be > 0: %s", segment);
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learning rate must be finite and > 0: %s",
        learningRate);
    checkArgument(saveEvery >= 1, "save interval must be >= 1: %s", saveEvery);
  }

  /**
   * Returns the reference settings for a preset: its batch, 8192-sample segments, learning rate
   * 2e-4, seed 29, a checkpoint every 50 updates.
   *
   * @param preset the geometry
   * @param steps the updates to reach
   * @return the options
   */
  public static VocoderTrainingOptions of(VocoderPreset preset, long steps) {
    return new VocoderTrainingOptions(
        preset, steps, preset.batch(), SEGMENT, LEARNING_RATE, 29, 50);
  }
}
