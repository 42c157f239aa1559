package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/** Deterministic padded batches for the TTS tests: two utterances of 5 and 3 tokens. */
final class TtsBatches {

  static final int VOCAB = 20;
  static final int[][] TOKENS = {{3, 7, 1, 12, 5}, {9, 4, 15, 0, 0}};
  static final int[][] DURATIONS = {{2, 1, 3, 0, 2}, {1, 4, 2, 0, 0}};
  static final int[] LENGTHS = {5, 3};
  static final int[] SPEAKERS = {2, 1};

  private TtsBatches() {}

  /**
   * Returns the batch of both utterances.
   *
   * @param manager where arrays are created
   * @param withTargets whether durations, pitch and energy are given
   * @return the padded batch
   */
  static FastSpeechInput batch(NDManager manager, boolean withTargets) {
    return slice(full(manager, withTargets), 0, 2, 5);
  }

  /**
   * Returns one utterance alone, without padding.
   *
   * @param manager where arrays are created
   * @param withTargets whether durations, pitch and energy are given
   * @param i the utterance
   * @return a batch of one
   */
  static FastSpeechInput single(NDManager manager, boolean withTargets, int i) {
    return slice(full(manager, withTargets), i, i + 1, LENGTHS[i]);
  }

  private static FastSpeechInput full(NDManager m, boolean withTargets) {
    NDArray mask = LengthRegulator.mask(m, LENGTHS, 5);
    Optional<VarianceTargets> t =
        withTargets
            ? Optional.of(
                new VarianceTargets(
                    m.create(DURATIONS),
                    m.create(new float[] {0.5f, -1f, 2f, 0.1f, -0.3f, 1.5f, 0f, -2f, 0, 0})
                        .reshape(2, 5),
                    m.create(new float[] {-0.2f, 0.4f, 1f, -1f, 0.7f, 0.3f, -0.6f, 2f, 0, 0})
                        .reshape(2, 5)))
            : Optional.empty();
    return new FastSpeechInput(m.create(TOKENS), mask, m.create(SPEAKERS), t);
  }

  private static FastSpeechInput slice(FastSpeechInput in, int from, int to, int tokens) {
    NDIndex rows = new NDIndex("{}:{}, :{}", from, to, tokens);
    return new FastSpeechInput(
        in.tokens().get(rows),
        in.tokenMask().get(rows),
        in.speakers().get(new NDIndex("{}:{}", from, to)),
        in.targets()
            .map(
                t ->
                    new VarianceTargets(
                        t.durations().get(rows), t.pitch().get(rows), t.energy().get(rows))));
  }

  /**
   * Returns mel targets for a batch whose durations are {@link #DURATIONS}.
   *
   * @param manager where the array is created
   * @param from the first utterance
   * @param to one past the last
   * @param bins mel bins
   * @return {@code [to - from, M, bins]}, padded frames 0
   */
  static NDArray melTargets(NDManager manager, int from, int to, int bins) {
    int[] frames = {8, 7};
    int longest = 0;
    for (int i = from; i < to; i++) {
      longest = Math.max(longest, frames[i]);
    }
    NDArray all = manager.arange(2 * 8 * bins).toType(DataType.FLOAT32, false);
    all = all.mul(0.37f).sin().reshape(2, 8, bins);
    NDArray mask = LengthRegulator.mask(manager, frames, 8).expandDims(-1);
    return all.mul(mask).get(new NDIndex("{}:{}, :{}", from, to, longest));
  }
}
