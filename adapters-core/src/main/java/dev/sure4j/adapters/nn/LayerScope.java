package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs one layer of a forward pass in its own {@link NDManager}, so that the layer's intermediate
 * arrays are freed as soon as the layer returns instead of when the caller's manager closes.
 *
 * <p>A DJL array lives until its manager closes, and the result of an operation goes to the manager
 * of its first operand. Here the layer's inputs are lent to a fresh sub-manager of the first
 * input's manager (the scope), so everything the layer computes from them lands in the scope; the
 * layer's outputs are then moved to the first input's manager, the scope is closed (freeing the
 * rest) and the inputs go back to their own managers. Without this, a forward pass holds the
 * intermediates of all its layers at once (about 840 MB for a 12-layer speech encoder on 4 x 2 s of
 * audio); with it, those of one layer.
 *
 * <p>Training is safe with the PyTorch engine: libtorch's autograd holds its own references to the
 * tensors it saves for the backward pass, so closing the Java handles of operation results frees
 * nothing that backward needs. The exception is an array created from Java memory (for example
 * {@code manager.create(float[])} or {@code NDArray.mul(Number)}), which may point into a direct
 * buffer that is released with the array: a layer run here must make the constants that backward
 * reads with {@link Ops} (libtorch-owned) or create them outside the scope.
 */
public final class LayerScope {

  private LayerScope() {}

  /**
   * Runs a layer on a list of inputs and keeps only its outputs.
   *
   * @param inputs the layer's inputs, at least one; each is returned to its own manager afterwards
   * @param layer the layer; its outputs may be new arrays or some of the inputs
   * @return the layer's outputs: new arrays are attached to the manager of the first input, inputs
   *     stay with their own managers
   */
  public static NDList run(NDList inputs, UnaryOperator<NDList> layer) {
    checkArgument(inputs != null && !inputs.isEmpty(), "a layer scope needs at least one input");
    NDManager parent = inputs.head().getManager();
    Set<NDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    try (NDManager scope = parent.newSubManager()) {
      for (NDArray a : inputs) {
        // lending the same array twice would make the scope its "own" manager and close it
        if (lent.add(a)) {
          a.tempAttach(scope);
        }
      }
      NDList out = layer.apply(inputs);
      for (NDArray o : out) {
        if (!lent.contains(o)) {
          o.attach(parent);
        }
      }
      return out;
    }
  }

  /**
   * Runs a layer as {@link #run(NDList, UnaryOperator)} on intermediate arrays that nothing else
   * needs, and closes those inputs that are not among the layer's outputs, so that they are freed
   * now instead of when their manager closes. Safe in training for the same reason as the scope
   * itself: autograd holds its own references to what the backward pass reads (the inputs must be
   * results of operations, not arrays over Java memory).
   *
   * @param intermediates the layer's inputs, owned by the caller and not used after this call
   * @param layer the layer
   * @return the layer's outputs, as {@link #run(NDList, UnaryOperator)}
   */
  public static NDList consume(NDList intermediates, UnaryOperator<NDList> layer) {
    NDList out = run(intermediates, layer);
    Set<NDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(out);
    for (NDArray a : intermediates) {
      if (!kept.contains(a)) {
        a.close();
      }
    }
    return out;
  }

  /**
   * Runs a one-input, one-output layer on an intermediate array, as {@link #consume(NDList,
   * UnaryOperator)}.
   *
   * @param intermediate the layer's input, owned by the caller and not used after this call
   * @param layer the layer
   * @return the layer's output, attached to the manager of {@code intermediate}
   */
  public static NDArray consume(NDArray intermediate, UnaryOperator<NDArray> layer) {
    return consume(new NDList(intermediate), in -> new NDList(layer.apply(in.head()))).head();
  }

  /**
   * Runs a one-input, one-output layer and keeps only its output.
   *
   * @param input the layer's input; returned to its own manager afterwards
   * @param layer the layer
   * @return the layer's output, attached to the manager of {@code input} (or {@code input} itself)
   */
  public static NDArray run(NDArray input, UnaryOperator<NDArray> layer) {
    return run(new NDList(input), in -> new NDList(layer.apply(in.head()))).head();
  }
}
