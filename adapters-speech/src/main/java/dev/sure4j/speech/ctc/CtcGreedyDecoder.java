package dev.sure4j.speech.ctc;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy (best-path) CTC decoding: the most likely class per frame, repeats collapsed, blanks
 * dropped.
 */
public final class CtcGreedyDecoder {

  private final int blank;

  /**
   * Creates a decoder.
   *
   * @param blank the blank class index, {@code >= 0}
   */
  public CtcGreedyDecoder(int blank) {
    checkArgument(blank >= 0, "blank index must be >= 0: %s", blank);
    this.blank = blank;
  }

  /**
   * Decodes one utterance's best path.
   *
   * @param path the most likely class per valid frame
   * @return the label sequence: repeats collapsed, then blanks removed
   */
  public int[] collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    int prev = -1;
    for (int c : path) {
      if (c != prev && c != blank) {
        out.add(c);
      }
      prev = c;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Decodes a batch.
   *
   * @param scores log-probabilities or logits {@code [batch, frames, classes]}
   * @param lengths valid frames per utterance ({@code batch} values in {@code [0, frames]}), or
   *     null for all frames
   * @return one label sequence per utterance
   */
  public List<int[]> decode(NDArray scores, long[] lengths) {
    Shape s = scores.getShape();
    checkArgument(s.dimension() == 3, "scores must be [batch, frames, classes], got %s", s);
    int batch = (int) s.get(0);
    int frames = (int) s.get(1);
    checkArgument(
        lengths == null || lengths.length == batch,
        "lengths must have batch=%s values, got %s",
        batch,
        lengths == null ? 0 : lengths.length);
    long[] best;
    try (NDArray arg = scores.argMax(2)) {
      best = arg.toType(DataType.INT64, false).toLongArray();
    }
    List<int[]> out = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      long len = lengths == null ? frames : lengths[b];
      checkArgument(
          len >= 0 && len <= frames,
          "length %s of utterance %s is outside [0, frames=%s]",
          len,
          b,
          frames);
      int[] path = new int[(int) len];
      for (int t = 0; t < len; t++) {
        path[t] = (int) best[b * frames + t];
      }
      out.add(collapse(path));
    }
    return out;
  }
}
