package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an encoder hands a head: its last hidden state, its hidden states per layer and the frame
 * mask. {@link #of(NDList)} is the one place that reads these from the {@link NDList} a head
 * receives; heads read only this record.
 *
 * @param lastHiddenState {@code [batch, frames, D]}: Hugging Face's {@code last_hidden_state}
 * @param hiddenStates the hidden states of Hugging Face's {@code output_hidden_states}, each {@code
 *     [batch, frames, D]}: the input of the first layer, then each layer's output ({@code L + 1} in
 *     all); empty when the encoder passes only its last hidden state
 * @param frameMask {@code [batch, frames]}, non-zero for a frame of real audio, 0 for padding;
 *     empty when every frame is real
 */
public record HeadInput(
    NDArray lastHiddenState, List<NDArray> hiddenStates, Optional<NDArray> frameMask) {

  /** Validates the shapes and copies the list. */
  public HeadInput {
    Objects.requireNonNull(lastHiddenState, "lastHiddenState");
    Objects.requireNonNull(frameMask, "frameMask");
    Shape s = lastHiddenState.getShape();
    checkArgument(
        s.dimension() == 3, "the last hidden state must be [batch, frames, D], got %s", s);
    hiddenStates = ImmutableList.copyOf(hiddenStates);
    for (int i = 0; i < hiddenStates.size(); i++) {
      Shape h = hiddenStates.get(i).getShape();
      checkArgument(
          h.equals(s), "hidden state %s must be shaped as the last one %s, got %s", i, s, h);
    }
    frameMask.ifPresent(
        m ->
            checkArgument(
                m.getShape().equals(new Shape(s.get(0), s.get(1))),
                "frame mask must be [batch=%s, frames=%s], got %s",
                s.get(0),
                s.get(1),
                m.getShape()));
  }

  /**
   * Reads a head's inputs as {@link dev.sure4j.adapters.model.AdapterModel} passes them: the base
   * model's outputs, then the model inputs after the first. The first array is the last hidden
   * state; every later array {@code [batch, frames, D]} is a hidden state, in order; the first
   * later two-dimensional array is the frame mask. Other arrays (lengths in samples {@code
   * [batch]}, a sample mask after the frame mask) are model inputs no head reads. So {@link
   * dev.sure4j.speech.encoder.SpeechEncoder}'s outputs {@code last, mask, h_0..h_L} fit as they
   * are, and so does an encoder returning {@code last} whose model input after the waveform is the
   * frame mask.
   *
   * @param inputs the head's inputs, not empty
   * @return the typed inputs
   */
  public static HeadInput of(NDList inputs) {
    checkArgument(!inputs.isEmpty(), "a head needs at least the last hidden state, got no input");
    Shape[] shapes = inputs.getShapes();
    List<NDArray> states = new ArrayList<>();
    for (int i = 1; i < shapes.length; i++) {
      if (shapes[i].dimension() == 3) {
        states.add(inputs.get(i));
      }
    }
    int mask = frameMaskIndex(shapes);
    return new HeadInput(
        inputs.get(0), states, mask < 0 ? Optional.empty() : Optional.of(inputs.get(mask)));
  }

  /**
   * Tells, from the shapes of a head's inputs, whether {@link #of(NDList)} finds a frame mask.
   *
   * @param inputShapes the shapes of the head's inputs
   * @return true when a frame mask is passed
   */
  public static boolean hasFrameMask(Shape... inputShapes) {
    return frameMaskIndex(inputShapes) >= 0;
  }

  private static int frameMaskIndex(Shape[] shapes) {
    for (int i = 1; i < shapes.length; i++) {
      if (shapes[i].dimension() == 2) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the number of real frames per utterance.
   *
   * @return the frame lengths {@code [batch]} int64 (the non-zero entries of each mask row), empty
   *     without a frame mask
   */
  public Optional<NDArray> frameLengths() {
    return frameMask.map(
        m -> m.toType(DataType.BOOLEAN, false).toType(DataType.INT64, false).sum(new int[] {1}));
  }
}
