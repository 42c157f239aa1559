package dev.sure4j.adapters.train;

import ai.djl.engine.Engine;

/**
 * The seeds of a training run: one engine seed per purpose and index, derived from the run's seed,
 * so that initialisation, shuffling and each update's dropout masks repeat from run to run.
 */
final class StepSeeds {

  /** The purpose of the per-update seed (dropout masks). */
  private static final long STEP_SALT = 0x57e9;

  private final boolean seeded;
  private final long seed;

  /**
   * Creates the seeds of a run.
   *
   * @param seeded whether the run is seeded at all
   * @param seed the run's seed
   */
  StepSeeds(boolean seeded, long seed) {
    this.seeded = seeded;
    this.seed = seed;
  }

  /** Seeds the engine for an update, numbered from 0; does nothing when the run is not seeded. */
  void beginStep(long step) {
    if (seeded) {
      Engine.getInstance().setRandomSeed(mix(seed, STEP_SALT, step));
    }
  }

  /**
   * Mixes a seed, a purpose and an index into an engine seed (SplitMix64's finaliser).
   *
   * @param seed the run's seed
   * @param salt the purpose (initialisation, epoch shuffling, step dropout)
   * @param index the epoch or step
   * @return a non-negative seed for {@code Engine.setRandomSeed}
   */
  static int mix(long seed, long salt, long index) {
    long h = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 29;
    return (int) (h & 0x7fffffff);
  }
}
