package dev.sure4j.adapters.vera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.method.AdditiveDelta;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The VeRA update of one linear layer, as PEFT's {@code vera.Linear} computes it: {@code delta(x) =
 * lambda_b * ((lambda_d * (dropout(x) A_s^T)) B_s^T)} with {@code A_s = vera_A[:, :in]} and {@code
 * B_s = vera_B[:out, :]} sliced from the adapter's shared {@link VeraProjections}. Trainable:
 * {@code vera_lambda_d [r]}, starting at {@code d_initial}, and {@code vera_lambda_b [out]},
 * starting at zero, so the update starts at zero.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. {@code r + out} parameters.
 */
public final class VeraDelta extends AdditiveDelta implements LinearDelta {

  private static final byte VERSION = 1;

  private final VeraSpec spec;
  private final int in;
  private final int out;
  private final VeraProjections projections;
  private final Parameter lambdaB;
  private final Parameter lambdaD;

  /**
   * Creates the update for a linear layer.
   *
   * @param in the layer's input features, at most the projections' {@code max in}
   * @param out the layer's output features, at most the projections' {@code max out}
   * @param spec rank, dropout and {@code d_initial}
   * @param projections the adapter's shared frozen matrices
   */
  public VeraDelta(int in, int out, VeraSpec spec, VeraProjections projections) {
    super(VERSION);
    this.spec = spec;
    this.in = in;
    this.out = out;
    this.projections = projections;
    lambdaB =
        addParameter(
            Parameters.of(
                "vera_lambda_b", Parameter.Type.WEIGHT, new Shape(out), Initializer.ZEROS));
    lambdaD =
        addParameter(
            Parameters.of(
                "vera_lambda_d",
                Parameter.Type.WEIGHT,
                new Shape(spec.rank()),
                new ConstantInitializer((float) spec.dInitial())));
  }

  /**
   * Returns {@code vera_lambda_b}, {@code [out]}.
   *
   * @return the output scaling vector
   */
  public Parameter lambdaB() {
    return lambdaB;
  }

  /**
   * Returns {@code vera_lambda_d}, {@code [r]}.
   *
   * @return the rank scaling vector
   */
  public Parameter lambdaD() {
    return lambdaD;
  }

  /**
   * Returns the shared projections this update slices.
   *
   * @return the adapter's projections
   */
  public VeraProjections projections() {
    return projections;
  }

  /** {@inheritDoc} Counts this layer among the users of the shared projections. */
  @Override
  public void attachedTo(NDArray weight) {
    projections.acquire();
  }

  /**
   * {@inheritDoc} The last layer to leave frees the shared projections ({@link
   * VeraProjections#release}).
   */
  @Override
  public void detachedFrom(NDArray weight) {
    projections.release();
  }

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    return update(store, input.x(), training);
  }

  @Override
  protected NDArray update(ParameterStore store, NDArray x, boolean training) {
    NDManager m = x.getManager();
    NDArray h = dropout(x, spec.dropout(), training);
    try (NDArray a = projections.slicedA(in, m);
        NDArray b = projections.slicedB(out, m)) {
      h = Linear.linear(h, a).singletonOrThrow();
      h = h.mul(Ops.value(store, lambdaD, x, training));
      h = Linear.linear(h, b).singletonOrThrow();
      return h.mul(Ops.value(store, lambdaB, x, training));
    }
  }

  /**
   * Returns the update as a weight matrix, {@code diag(lambda_b) B_s diag(lambda_d) A_s}.
   *
   * @return {@code [out, in]}, on a new array the caller closes
   */
  @Override
  public NDArray deltaWeight() {
    NDManager m = lambdaB.getArray().getManager();
    try (NDManager tmp = m.newSubManager()) {
      NDArray a = projections.slicedA(in, tmp);
      NDArray b = projections.slicedB(out, tmp);
      NDArray lb = lambdaB.getArray().reshape(out, 1);
      lb.attach(tmp);
      NDArray ld = lambdaD.getArray().reshape(spec.rank(), 1);
      ld.attach(tmp);
      NDArray left = b.mul(lb);
      left.attach(tmp);
      NDArray right = a.mul(ld);
      right.attach(tmp);
      NDArray dw = left.matMul(right);
      dw.attach(m);
      return dw;
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    projections.initialize(manager);
  }
}
