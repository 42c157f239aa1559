package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.OutputNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Places a head's inputs by name ({@link OutputNames}): the one rule behind {@link HeadInput#of}
 * and {@link HeadInput#hasFrameMask}. Every base output must carry a name a head knows; of the
 * extra model inputs, one named {@code frame_mask} is the frame mask when the base gives none, and
 * the others (lengths in samples, a sample mask) are the base's own inputs, which no head reads.
 *
 * @param last the index of {@code last_hidden_state} among the base outputs
 * @param mask the index of {@code frame_mask} in the base outputs followed by the extra inputs, or
 *     -1
 * @param states the indexes of {@code hidden_states.0, 1, ...} among the base outputs, in order
 */
record HeadRoles(int last, int mask, List<Integer> states) {

  private static final String EXPECTED =
      OutputNames.LAST_HIDDEN_STATE
          + ", "
          + OutputNames.FRAME_MASK
          + " or "
          + OutputNames.HIDDEN_STATES
          + "N";

  /**
   * Places the arrays.
   *
   * @param baseNames the names of the base outputs (null for an unnamed array)
   * @param baseShapes their shapes
   * @param extraNames the names of the extra model inputs (null for an unnamed array)
   * @return where each role is
   * @throws IllegalArgumentException in one line naming an array that has no place
   */
  static HeadRoles place(List<String> baseNames, List<Shape> baseShapes, List<String> extraNames) {
    int last = -1;
    int mask = -1;
    List<Integer> states = new ArrayList<>();
    for (int i = 0; i < baseNames.size(); i++) {
      String name = baseNames.get(i);
      Shape shape = baseShapes.get(i);
      if (OutputNames.LAST_HIDDEN_STATE.equals(name) && last < 0) {
        last = i;
      } else if (OutputNames.FRAME_MASK.equals(name) && mask < 0) {
        checkArgument(
            shape.dimension() == 2,
            "head input %s must be [batch, frames], got %s",
            OutputNames.FRAME_MASK,
            shape);
        mask = i;
      } else if (OutputNames.hiddenState(states.size()).equals(name)
          || OutputNames.LAST_HIDDEN_STATE.equals(name)) {
        // the last entry of the hidden states is the last hidden state, under that name
        states.add(i);
      } else {
        throw new IllegalArgumentException(
            String.format(
                "head input %s %s has no place: a head reads arrays named %s, in order",
                name == null ? "(unnamed)" : "'" + name + "'", shape, EXPECTED));
      }
    }
    checkArgument(
        last >= 0,
        "a head needs an array named %s among the base outputs, got names %s",
        OutputNames.LAST_HIDDEN_STATE,
        baseNames);
    for (int i = 0; i < extraNames.size() && mask < 0; i++) {
      if (OutputNames.FRAME_MASK.equals(extraNames.get(i))) {
        mask = baseNames.size() + i;
      }
    }
    return new HeadRoles(last, mask, List.copyOf(states));
  }
}
