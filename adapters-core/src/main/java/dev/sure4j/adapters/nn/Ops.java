package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
   * Makes a differentiable copy of a parameter that belongs to the batch manager. Operations whose
   * first operand is a parameter put their result on the model's manager, where it would live until
   * the model closes; starting from this copy keeps every per-batch array on the batch manager.
   *
   * @param parameterValue a parameter's array
   * @param manager the manager of the current batch
   * @return a new array equal to the parameter, attached to {@code manager}
   */
  public static NDArray lift(NDArray parameterValue, NDManager manager) {
    NDArray copy = parameterValue.mul(1f);
    copy.attach(manager);
    return copy;
  }
}
