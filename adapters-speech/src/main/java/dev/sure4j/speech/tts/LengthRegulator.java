package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The FastSpeech length regulator: repeats each token's hidden state as many frames as its integer
 * duration, utterance by utterance, and pads the batch to the longest result.
 *
 * <p>Implemented as a product with a 0/1 alignment matrix, so gradients reach the token states and
 * every frame equals its token's state exactly.
 */
public final class LengthRegulator {

  private LengthRegulator() {}

  /**
   * The expanded sequences.
   *
   * @param frames {@code [batch, M, D]}, padded frames 0
   * @param lengths frames per utterance
   */
  public record Expanded(NDArray frames, int[] lengths) {

    /**
     * Returns the frame mask.
     *
     * @return {@code [batch, M]}, 1 for real frames
     */
    public NDArray mask() {
      return LengthRegulator.mask(frames.getManager(), lengths, frames.getShape().get(1));
    }
  }

  /**
   * Expands token states by durations.
   *
   * @param x token states {@code [batch, T, D]}
   * @param durations frames per token, {@code [batch][T]}, {@code >= 0}; padded tokens must have 0
   * @return frames {@code [batch, M, D]} with {@code M} the longest total (at least 1)
   */
  public static Expanded expand(NDArray x, int[][] durations) {
    Shape s = x.getShape();
    int batch = (int) s.get(0);
    int tokens = (int) s.get(1);
    checkArgument(
        durations.length == batch,
        "durations for %s utterances, batch %s",
        durations.length,
        batch);
    int[] lengths = new int[batch];
    for (int b = 0; b < batch; b++) {
      checkArgument(
          durations[b].length == tokens,
          "utterance %s has %s durations for %s tokens",
          b,
          durations[b].length,
          tokens);
      for (int d : durations[b]) {
        checkArgument(d >= 0, "durations must be >= 0: %s in utterance %s", d, b);
        lengths[b] += d;
      }
    }
    int longest = 1;
    for (int l : lengths) {
      longest = Math.max(longest, l);
    }
    float[] align = new float[batch * longest * tokens];
    for (int b = 0; b < batch; b++) {
      int frame = 0;
      for (int t = 0; t < tokens; t++) {
        for (int k = 0; k < durations[b][t]; k++) {
          align[(b * longest + frame++) * tokens + t] = 1f;
        }
      }
    }
    NDArray a =
        x.getManager()
            .create(align, new Shape(batch, longest, tokens))
            .toType(x.getDataType(), false);
    return new Expanded(a.matMul(x), lengths);
  }

  /**
   * Builds a mask from lengths.
   *
   * @param manager where the mask is created
   * @param lengths real frames per utterance
   * @param frames the padded length
   * @return {@code [batch, frames]} float, 1 for real frames
   */
  public static NDArray mask(NDManager manager, int[] lengths, long frames) {
    float[] m = new float[(int) (lengths.length * frames)];
    for (int b = 0; b < lengths.length; b++) {
      for (int t = 0; t < Math.min(lengths[b], frames); t++) {
        m[(int) (b * frames + t)] = 1f;
      }
    }
    return manager.create(m, new Shape(lengths.length, frames));
  }
}
