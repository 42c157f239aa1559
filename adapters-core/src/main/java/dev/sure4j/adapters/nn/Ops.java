package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Small tensor helpers shared by the host and adapter blocks. */
public final class Ops {

  /**
   * The most negative finite float32, the value added to masked attention scores (as Hugging Face
   * does).
   */
  public static final float MASK_VALUE = -Float.MAX_VALUE;

  private Ops() {}

  /**
   * Reads a parameter's value for the device of {@code like}.
   *
   * @param store the parameter store of the current pass
   * @param p the parameter
   * @param like an input of the current pass
   * @param training whether this is a training pass
   * @return the parameter's array (not a copy)
   */
  public static NDArray value(ParameterStore store, Parameter p, NDArray like, boolean training) {
    return store.getValue(p, like.getDevice(), training);
  }

  /**
   * Multiplies by a constant in a way that is safe for autograd: {@code x * factor}.
   *
   * <p>DJL's {@code NDArray.mul(Number)} (and {@code div(Number)}) wraps the number in a tensor
   * over a Java direct buffer, multiplies, and closes that tensor at once. PyTorch's autograd keeps
   * the factor for the backward pass, so once the garbage collector frees the buffer, the backward
   * pass reads freed memory: rare, random NaN or wrong gradients. Here the factor is a tensor that
   * libtorch allocates and owns, so the saved factor stays valid.
   *
   * @param x any array, for example {@code [batch, frames, D]}
   * @param factor the constant
   * @return {@code x * factor}, same shape and type as {@code x}
   */
  public static NDArray times(NDArray x, float factor) {
    try (NDArray f = x.getManager().full(new Shape(), factor, x.getDataType())) {
      return x.mul(f);
    }
  }

  /**
   * Divides by a constant, safe for autograd as {@link #times}: {@code x / divisor}.
   *
   * @param x any array
   * @param divisor the constant, not 0
   * @return {@code x / divisor}, same shape and type as {@code x}
   */
  public static NDArray over(NDArray x, float divisor) {
    try (NDArray d = x.getManager().full(new Shape(), divisor, x.getDataType())) {
      return x.div(d);
    }
  }

  /**
   * Clamps from below by a constant, safe for autograd as {@link #times}: {@code max(x, floor)}.
   *
   * @param x any array
   * @param floor the constant
   * @return the element-wise maximum, same shape and type as {@code x}
   */
  public static NDArray atLeast(NDArray x, float floor) {
    try (NDArray f = x.getManager().full(new Shape(), floor, x.getDataType())) {
      return x.maximum(f);
    }
  }

  /**
   * Moves a view of a long-lived array (a parameter, a decoder cache) to the manager of {@code
   * like}, the current pass's, without copying. An operation whose first operand is the long-lived
   * array puts its result in that array's manager; a view kept there pins the whole storage it
   * looks at (an already replaced cache array, at every decoding step) until that manager closes.
   * {@link #lift} is the copying form, for a parameter that later operations modify.
   *
   * @param view a view or result made from a long-lived array
   * @param like an array of the current pass
   * @return {@code view}, now freed with {@code like}'s manager
   */
  public static NDArray local(NDArray view, NDArray like) {
    view.attach(like.getManager());
    return view;
  }

  /**
   * Makes a differentiable copy of a parameter that belongs to the batch manager. Operations whose
   * first operand is a parameter put their result on the model's manager, where it would live until
   * the model closes; starting from this copy keeps every per-batch array on the batch manager.
   *
   * @param parameterValue a parameter's array
   * @param manager the manager of the current batch
   * @return a new array equal to the parameter, attached to {@code manager}
   */
  public static NDArray lift(NDArray parameterValue, NDManager manager) {
    // add, unlike mul, keeps no operand for its backward pass (see times)
    NDArray copy = parameterValue.add(0f);
    copy.attach(manager);
    return copy;
  }
}
