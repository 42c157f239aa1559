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
}
