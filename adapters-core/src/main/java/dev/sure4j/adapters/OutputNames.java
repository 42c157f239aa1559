package dev.sure4j.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The names an encoder gives its outputs ({@link NDArray#setName}), as Hugging Face names them, so
 * that a head reads each array by its role: {@value #LAST_HIDDEN_STATE} {@code [batch, frames, D]},
 * {@value #FRAME_MASK} {@code [batch, frames]} (1 = a frame of real audio) and {@code
 * hidden_states.N} {@code [batch, frames, D]} for the N-th entry of {@code output_hidden_states} (0
 * = the input of the first layer). The last entry of the hidden states is the last hidden state
 * itself, the same array, so it carries {@value #LAST_HIDDEN_STATE} at both places: an array has
 * one name, and a renamed view would be one more array alive per pass. This is the one place these
 * names are spelled.
 */
public final class OutputNames {

  /** The last hidden state {@code [batch, frames, D]}. */
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /** The frame mask {@code [batch, frames]}, non-zero for a frame of real audio. */
  public static final String FRAME_MASK = "frame_mask";

  /**
   * The prefix of the hidden states per layer: {@code hidden_states.0}, {@code hidden_states.1}.
   */
  public static final String HIDDEN_STATES = "hidden_states.";

  private OutputNames() {}

  /**
   * Returns the name of one hidden state.
   *
   * @param index the entry of {@code output_hidden_states}, {@code >= 0}
   * @return {@code hidden_states.<index>}
   */
  public static String hiddenState(int index) {
    return HIDDEN_STATES + index;
  }

  /**
   * Names an array. An array that already carries another name (e.g. a caller's input) is named
   * through a view of the same storage, so both names stand; the values and the autograd graph are
   * unchanged.
   *
   * @param array the array
   * @param name its role
   * @return {@code array} or a view of it, named {@code name}
   */
  public static NDArray named(NDArray array, String name) {
    NDArray out =
        array.getName() == null || array.getName().equals(name)
            ? array
            : array.reshape(array.getShape());
    out.setName(name);
    return out;
  }

  /**
   * Assembles an encoder's outputs in their order: the last hidden state, the frame mask, then the
   * hidden states, each named. The last hidden state is the last entry of the hidden states (the
   * same array, named {@value #LAST_HIDDEN_STATE}).
   *
   * @param frameMask {@code [batch, frames]}
   * @param hiddenStates the {@code L + 1} hidden states, each {@code [batch, frames, D]}, not empty
   * @return {@code [last_hidden_state, frame_mask, hidden_states.0 .. hidden_states.L-1,
   *     last_hidden_state]}
   */
  public static NDList encoderOutputs(NDArray frameMask, List<NDArray> hiddenStates) {
    NDList states = hiddenStates(hiddenStates);
    NDList out = new NDList(states.get(states.size() - 1));
    out.add(named(frameMask, FRAME_MASK));
    out.addAll(states);
    return out;
  }

  /**
   * Names the hidden states of an encoder: {@code hidden_states.N}, the last one {@value
   * #LAST_HIDDEN_STATE}.
   *
   * @param hiddenStates the {@code L + 1} hidden states, each {@code [batch, frames, D]}, not empty
   * @return the same arrays (or views of arrays that carried another name), named
   */
  public static NDList hiddenStates(List<NDArray> hiddenStates) {
    int n = hiddenStates.size();
    NDList states = new NDList(n);
    for (int i = 0; i < n; i++) {
      states.add(named(hiddenStates.get(i), i == n - 1 ? LAST_HIDDEN_STATE : hiddenState(i)));
    }
    return states;
  }

  /**
   * Describes the outputs of {@link #encoderOutputs} by shape and name.
   *
   * @param hidden the shape of each hidden state {@code [batch, frames, D]}
   * @param numHiddenStates {@code L + 1}
   * @return the descriptors, in output order
   */
  public static DataDesc[] encoderOutputs(Shape hidden, int numHiddenStates) {
    DataDesc[] out = new DataDesc[numHiddenStates + 2];
    out[0] = new DataDesc(hidden, DataType.FLOAT32, LAST_HIDDEN_STATE);
    out[1] = new DataDesc(new Shape(hidden.get(0), hidden.get(1)), DataType.FLOAT32, FRAME_MASK);
    for (int i = 0; i < numHiddenStates; i++) {
      String name = i == numHiddenStates - 1 ? LAST_HIDDEN_STATE : hiddenState(i);
      out[i + 2] = new DataDesc(hidden, DataType.FLOAT32, name);
    }
    return out;
  }
}
