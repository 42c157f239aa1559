package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The outputs of a {@link SpeechEncoder} pass, read from its {@link NDList}.
 *
 * @param lastHiddenState {@code [batch, frames, hidden]}: Hugging Face's {@code last_hidden_state}
 * @param frameMask {@code [batch, frames]} float32, 1 for frames of real audio, 0 for padding
 * @param hiddenStates the {@code L + 1} states of Hugging Face's {@code output_hidden_states}, each
 *     {@code [batch, frames, hidden]}: the input of the first layer, then each layer's output (the
 *     last equals {@code lastHiddenState})
 */
public record EncoderOutput(
    NDArray lastHiddenState, NDArray frameMask, List<NDArray> hiddenStates) {

  /** Copies the list. */
  public EncoderOutput {
    hiddenStates = ImmutableList.copyOf(hiddenStates);
  }

  /**
   * Reads the outputs of {@link SpeechEncoder#forward}: {@code [last, frameMask, hidden_0 ..
   * hidden_L]}.
   *
   * @param outputs the encoder's outputs
   * @return the view
   */
  public static EncoderOutput of(NDList outputs) {
    checkArgument(
        outputs.size() >= 3,
        "a SpeechEncoder returns at least 3 arrays (last, frame mask, hidden states): %s",
        outputs.size());
    return new EncoderOutput(outputs.get(0), outputs.get(1), outputs.subList(2, outputs.size()));
  }

  /**
   * Returns the number of real frames per utterance.
   *
   * @return {@code [batch]} frame counts
   */
  public long[] frameLengths() {
    float[] sums = frameMask.sum(new int[] {1}).toFloatArray();
    long[] out = new long[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = Math.round(sums[i]);
    }
    return out;
  }
}
