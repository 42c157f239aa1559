package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.model.HeadFeed;
import dev.sure4j.adapters.model.HeadLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an encoder hands a head: its last hidden state, its hidden states per layer and the frame
 * mask. {@link #of(HeadFeed)} is the one place that reads these, by name, from what a head
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
   * Reads a head's inputs by name ({@link OutputNames}, the rule of {@link HeadRoles}): among the
   * base outputs, {@code last_hidden_state} is the last hidden state, {@code hidden_states.0, 1,
   * ...} are the hidden states in order (the last of them is the last hidden state, the same array
   * under its name) and {@code frame_mask} is the frame mask; among the extra model inputs, one
   * named {@code frame_mask} is the frame mask when the base gives none, and the others (lengths in
   * samples {@code [batch]}, a sample mask) are not for heads. So {@link
   * dev.sure4j.speech.backbone.SpeechBackbone}'s outputs fit as they are, and so does an encoder
   * returning {@code last_hidden_state} whose model input after the waveform is a mask named {@code
   * frame_mask}.
   *
   * @param feed the base outputs and the extra model inputs
   * @return the typed inputs
   * @throws IllegalArgumentException in one line naming a base output that has no place, or a
   *     missing last hidden state
   */
  public static HeadInput of(HeadFeed feed) {
    HeadRoles roles =
        HeadRoles.place(
            names(feed.baseOutputs()), shapes(feed.baseOutputs()), names(feed.extraInputs()));
    NDList all = feed.joined();
    List<NDArray> states = new ArrayList<>();
    roles.states().forEach(i -> states.add(all.get(i)));
    return new HeadInput(
        all.get(roles.last()),
        states,
        roles.mask() < 0 ? Optional.empty() : Optional.of(all.get(roles.mask())));
  }

  /**
   * Reads the inputs of a head called directly, as base outputs alone: {@link #of(HeadFeed)}.
   *
   * @param inputs named arrays, at least {@code last_hidden_state}
   * @return the typed inputs
   */
  public static HeadInput of(NDList inputs) {
    return of(HeadFeed.of(inputs));
  }

  /**
   * Tells, from the shapes and names of a head's inputs, whether {@link #of(HeadFeed)} finds a
   * frame mask.
   *
   * @param layout the shapes and names of the head's inputs
   * @return true when a frame mask is passed
   */
  public static boolean hasFrameMask(HeadLayout layout) {
    return roles(layout).mask() >= 0;
  }

  /**
   * Returns the shape of the last hidden state in a layout.
   *
   * @param layout the shapes and names of the head's inputs
   * @return {@code [batch, frames, D]}
   */
  public static Shape lastHiddenState(HeadLayout layout) {
    return layout.baseOutputs().get(roles(layout).last()).getShape();
  }

  private static HeadRoles roles(HeadLayout layout) {
    return HeadRoles.place(
        layout.baseOutputs().stream().map(DataDesc::getName).toList(),
        layout.baseOutputs().stream().map(DataDesc::getShape).toList(),
        layout.extraInputs().stream().map(DataDesc::getName).toList());
  }

  private static List<String> names(NDList arrays) {
    List<String> out = new ArrayList<>();
    arrays.forEach(a -> out.add(a.getName()));
    return out;
  }

  private static List<Shape> shapes(NDList arrays) {
    return List.of(arrays.getShapes());
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
