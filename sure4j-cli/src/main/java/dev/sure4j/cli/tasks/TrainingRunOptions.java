package dev.sure4j.cli.tasks;

import dev.sure4j.cli.options.SeedOption;
import picocli.CommandLine.Mixin;

/**
 * The options {@code train} and {@code whisper-pretrain} share to shape a training run (a picocli
 * mixin): the recipe ({@link TrainingRecipeOptions}), {@code --batch-size}, {@code --seed}, and the
 * Whisper settings {@code --where}, {@code --label-smoothing} and {@code --max-new-tokens}.
 */
public final class TrainingRunOptions {

  @Mixin TrainingRecipeOptions recipe;

  @Mixin BatchSizeOption batchSize;

  @Mixin SeedOption seed;

  @Mixin WhisperTrainOptions whisper;

  @Mixin WhisperTokensOption whisperTokens;

  /**
   * Returns the recipe: length, learning rate and schedule, regularisation, early stopping.
   *
   * @return the recipe options
   */
  public TrainingRecipeOptions recipe() {
    return recipe;
  }

  /**
   * Returns the utterances per batch.
   *
   * @return the {@code --batch-size} value
   */
  public int batchSize() {
    return batchSize.value();
  }

  /**
   * Returns the seed of data order, initial weights and dropout.
   *
   * @return the {@code --seed} value
   */
  public long seed() {
    return seed.value();
  }

  /**
   * Returns the Whisper training settings.
   *
   * @return {@code --where} and {@code --label-smoothing}
   */
  public WhisperTrainOptions whisper() {
    return whisper;
  }

  /**
   * Returns the tokens Whisper generates at most per utterance when it is scored.
   *
   * @return the {@code --max-new-tokens} value
   */
  public int maxNewTokens() {
    return whisperTokens.value();
  }
}
