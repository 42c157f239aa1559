package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * The inputs of {@link FastSpeechModel}: a padded batch of token sequences, the speaker of each
 * utterance and, in training, the variance targets (given durations drive the length regulator).
 *
 * @param tokens token ids {@code [batch, T]} (integers), padded with 0
 * @param tokenMask {@code [batch, T]}, 1 for real tokens and 0 for padding
 * @param speakers speaker ids {@code [batch]} (integers)
 * @param targets the variance targets, or empty at inference
 * @param durationScale the pace at inference: each predicted duration, in frames, is multiplied by
 *     it before rounding (above 1 speaks slower); finite and {@code > 0}, ignored with targets
 */
public record FastSpeechInput(
    NDArray tokens,
    NDArray tokenMask,
    NDArray speakers,
    Optional<VarianceTargets> targets,
    double durationScale) {

  /**
   * Creates inputs at the model's own pace (duration scale 1).
   *
   * @param tokens token ids {@code [batch, T]}
   * @param tokenMask {@code [batch, T]}
   * @param speakers speaker ids {@code [batch]}
   * @param targets the variance targets, or empty at inference
   */
  public FastSpeechInput(
      NDArray tokens, NDArray tokenMask, NDArray speakers, Optional<VarianceTargets> targets) {
    this(tokens, tokenMask, speakers, targets, 1.0);
  }

  /** Validates the shapes. */
  public FastSpeechInput {
    checkArgument(tokens != null && tokenMask != null && speakers != null, "inputs are missing");
    checkArgument(
        tokens.getShape().dimension() == 2 && tokens.getShape().equals(tokenMask.getShape()),
        "tokens %s and token mask %s must both be [batch, T]",
        tokens.getShape(),
        tokenMask.getShape());
    checkArgument(
        speakers.getShape().dimension() == 1 && speakers.getShape().get(0) == tokens.size(0),
        "speakers %s must be [batch] for tokens %s",
        speakers.getShape(),
        tokens.getShape());
    checkArgument(targets != null, "targets must be an Optional");
    checkArgument(
        Double.isFinite(durationScale) && durationScale > 0,
        "the duration scale must be finite and > 0: %s",
        durationScale);
    targets.ifPresent(
        t ->
            checkArgument(
                t.durations().getShape().equals(tokens.getShape()),
                "targets %s must match tokens %s",
                t.durations().getShape(),
                tokens.getShape()));
  }

  /**
   * Returns the inputs in the block's {@code NDList} layout: {@code tokens, token mask, speakers}
   * and, with targets, {@code durations, pitch, energy}.
   *
   * @return the list
   */
  public NDList toList() {
    NDList l = new NDList(tokens, tokenMask, speakers);
    targets.ifPresent(t -> l.addAll(new NDList(t.durations(), t.pitch(), t.energy())));
    return l;
  }

  /**
   * Reads inputs from the block's {@code NDList} layout (see {@link #toList()}).
   *
   * @param list 3 or 6 arrays
   * @return the inputs
   */
  public static FastSpeechInput of(NDList list) {
    checkArgument(
        list.size() == 3 || list.size() == 6,
        "FastSpeech takes tokens, mask, speakers [, durations, pitch, energy]: %s arrays",
        list.size());
    Optional<VarianceTargets> t =
        list.size() == 6
            ? Optional.of(new VarianceTargets(list.get(3), list.get(4), list.get(5)))
            : Optional.empty();
    return new FastSpeechInput(list.get(0), list.get(1), list.get(2), t);
  }

  /**
   * Reads a {@code [batch, T]} array of whole numbers into Java rows.
   *
   * @param a {@code [batch, T]}
   * @return {@code [batch][T]}
   */
  static int[][] rows(NDArray a) {
    int batch = (int) a.size(0);
    int len = (int) a.size(1);
    int[] flat = a.toType(DataType.INT32, false).toIntArray();
    int[][] out = new int[batch][len];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(flat, b * len, out[b], 0, len);
    }
    return out;
  }
}
