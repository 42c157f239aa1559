package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Finds the frozen stages at the bottom of a model, the ones below its lowest trainable parameter,
 * and cuts their outputs from the autograd graph.
 *
 * <p>A model is a list of stages in forward order (for a speech encoder: the feature extractor, the
 * feature projection, the positional convolution, then each transformer layer). During adapter
 * training the base is frozen, so every stage below the lowest adapter has no parameter that
 * requires a gradient, and neither has its input: nothing it computes is needed by the backward
 * pass. Cutting its output ({@link NDArray#stopGradient()}) states this in the graph itself, so the
 * graph starts at the lowest stage that trains whatever the engine would otherwise record, and the
 * stage's intermediates can be freed as soon as it returns.
 *
 * <p>Only a model whose stages begin at its input can cut: a stage list that starts in the middle
 * of a larger model (a {@link TransformerEncoder} nested after a trainable front end) would cut the
 * gradient of what lies before it. A cut stage also passes no gradient back to the model's input.
 *
 * <p>Trainability is read from the parameters' {@link Parameter#requiresGradient()} flags, which
 * {@code AdapterModel.applyFreezing()} sets; adapter blocks are children of the host blocks they
 * sit in, so a stage that holds an active adapter trains.
 */
public final class FrozenStages {

  private FrozenStages() {}

  /**
   * Tells whether a block, or any block below it, has a parameter that requires a gradient.
   *
   * @param block any block
   * @return true when some parameter of the block's tree trains
   */
  public static boolean trains(Block block) {
    for (Parameter p : block.getDirectParameters().values()) {
      if (p.requiresGradient()) {
        return true;
      }
    }
    for (Block child : block.getChildren().values()) {
      if (trains(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts the leading stages that do not train: the index of the lowest stage with a trainable
   * parameter, or the number of stages when none trains.
   *
   * @param stages the stages in forward order
   * @return the number of frozen stages below the lowest trainable one
   */
  public static int below(List<? extends Block> stages) {
    int i = 0;
    while (i < stages.size() && !trains(stages.get(i))) {
      i++;
    }
    return i;
  }

  /**
   * Starts a forward pass that cuts the outputs of its first {@code frozen} stages.
   *
   * @param frozen the number of frozen stages at the bottom, from {@link #below}; 0 cuts nothing
   * @return the pass, to be told every stage's output in forward order
   */
  public static Pass pass(int frozen) {
    return new Pass(frozen);
  }

  /**
   * Cuts an activation from the autograd graph: returns it detached and closes the given handle
   * (the values are shared, not copied).
   *
   * @param x the output of a frozen stage, any shape
   * @return the same values, attached to the same manager, with no gradient history
   */
  public static NDArray cut(NDArray x) {
    NDArray detached = x.stopGradient();
    x.close();
    return detached;
  }

  /** One forward pass over the stages: cuts the output of each stage while stages are frozen. */
  public static final class Pass {

    private int frozenLeft;

    private Pass(int frozen) {
      this.frozenLeft = frozen;
    }

    /**
     * Takes the output of the next stage.
     *
     * @param output the stage's output, owned by the pass's caller
     * @return the output cut from the graph ({@link #cut}) when the stage is frozen, else itself
     */
    public NDArray after(NDArray output) {
      if (frozenLeft == 0) {
        return output;
      }
      frozenLeft--;
      return cut(output);
    }

    /** Counts the next stage without an output of its own (a layer skipped by layerdrop). */
    public void skip() {
      frozenLeft = Math.max(0, frozenLeft - 1);
    }
  }
}
