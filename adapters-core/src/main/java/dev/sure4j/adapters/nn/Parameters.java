package dev.sure4j.adapters.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** Creates the parameters of sure4j's blocks: a name, a type, a fixed shape and an initializer. */
public final class Parameters {

  private Parameters() {}

  /**
   * Creates a parameter whose shape is known up front, so it can be initialised for any input.
   *
   * @param name the parameter's name, as in PyTorch ({@code weight}, {@code bias}, ...)
   * @param type its DJL type
   * @param shape its shape
   * @param initializer how it starts
   * @return the parameter, not yet added to a block
   */
  public static Parameter of(
      String name, Parameter.Type type, Shape shape, Initializer initializer) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(shape)
        .optInitializer(initializer)
        .build();
  }

  /**
   * Creates the scale of a normalisation layer's affine transform: PyTorch's {@code weight}, shape
   * {@code [size]}, starting at one.
   *
   * @param size the normalised size or channel count
   * @return the parameter, not yet added to a block
   */
  public static Parameter normWeight(int size) {
    return of("weight", Parameter.Type.GAMMA, new Shape(size), Initializer.ONES);
  }

  /**
   * Creates the shift of a normalisation layer's affine transform: PyTorch's {@code bias}, shape
   * {@code [size]}, starting at zero.
   *
   * @param size the normalised size or channel count
   * @return the parameter, not yet added to a block
   */
  public static Parameter normBias(int size) {
    return of("bias", Parameter.Type.BETA, new Shape(size), Initializer.ZEROS);
  }
}
