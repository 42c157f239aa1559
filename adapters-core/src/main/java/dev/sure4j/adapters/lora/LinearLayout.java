package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * The {@link LoraLayout} of a linear layer {@code [..., in] -> [..., out]}.
 *
 * @param in input features
 * @param out output features
 */
record LinearLayout(int in, int out) implements LoraLayout {

  @Override
  public Shape aShape(int rank) {
    return new Shape(rank, in);
  }

  @Override
  public Shape bShape(int rank) {
    return new Shape(out, rank);
  }

  @Override
  public float aBound() {
    return (float) (1 / Math.sqrt(in));
  }

  @Override
  public NDArray host(NDArray x, NDArray weight) {
    return Linear.linear(x, weight).singletonOrThrow();
  }

  @Override
  public NDArray lora(NDArray x, NDArray a, NDArray b) {
    NDArray h = Linear.linear(x, a).singletonOrThrow();
    return Linear.linear(h, b).singletonOrThrow();
  }

  @Override
  public NDArray product(NDArray a, NDArray b, int rank) {
    return b.matMul(a);
  }

  @Override
  public NDArray withoutBias(NDArray output, NDArray bias, NDManager manager) {
    return output.sub(bias);
  }

  @Override
  public int[] normAxes() {
    return new int[] {1};
  }

  @Override
  public Shape magnitudeShape() {
    return new Shape(out);
  }

  @Override
  public Shape factorShape() {
    return new Shape(out, 1);
  }

  @Override
  public Shape outputShape(Shape input) {
    return input.slice(0, input.dimension() - 1).add(out);
  }

  @Override
  public boolean mergeable() {
    return true;
  }
}
