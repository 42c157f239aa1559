package dev.sure4j.adapters.vera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frozen random matrices one VeRA adapter shares among all its layers: {@code vera_A: [r, max
 * in]} and {@code vera_B: [max out, r]}, the largest input and output sizes taken over the adapted
 * layers. Both are drawn as PEFT draws them: one {@link TorchGenerator} seeded with {@code
 * projection_prng_key} fills {@code A} and then {@code B} with Kaiming-uniform values (fan-in
 * {@code max in} for {@code A}, {@code r} for {@code B}).
 *
 * <p>They are parameters that never train (no gradient, not among any block's parameters), so
 * freezing, optimisers and parameter counts leave them alone. In adapter files they are {@code
 * base_model.vera_A} and {@code base_model.vera_B} when the spec saves them.
 *
 * <p>Each {@link VeraDelta} that uses them counts itself while it is attached to a layer ({@link
 * #acquire}, {@link #release}); when the last one is detached (the adapter is deleted) both arrays
 * are closed, rather than staying on the model's manager until the model closes.
 */
public final class VeraProjections {

  /** The file name of {@code vera_A}, as PEFT writes it. */
  public static final String A_NAME = "base_model.vera_A";

  /** The file name of {@code vera_B}, as PEFT writes it. */
  public static final String B_NAME = "base_model.vera_B";

  private final Parameter a;
  private final Parameter b;
  private float[] pendingA;
  private float[] pendingB;
  private int users;

  /**
   * Draws the projections for an adapter.
   *
   * @param rank the rank {@code r}
   * @param maxIn the largest input size of the adapted layers
   * @param maxOut the largest output size of the adapted layers
   * @param key the {@code projection_prng_key}
   */
  public VeraProjections(int rank, int maxIn, int maxOut, long key) {
    TorchGenerator g = new TorchGenerator(key);
    pendingA = g.kaimingUniform(rank, maxIn);
    pendingB = g.kaimingUniform(maxOut, rank);
    a = frozen("vera_A", new Shape(rank, maxIn), (m, s, t) -> m.create(pendingA, s));
    b = frozen("vera_B", new Shape(maxOut, rank), (m, s, t) -> m.create(pendingB, s));
  }

  private static Parameter frozen(String name, Shape shape, Initializer init) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(shape)
        .optRequiresGrad(false)
        .optInitializer(init)
        .build();
  }

  /**
   * Creates the float32 arrays on first use; later calls do nothing.
   *
   * @param manager the model's manager
   */
  void initialize(NDManager manager) {
    if (!a.isInitialized()) {
      a.initialize(manager, DataType.FLOAT32);
      b.initialize(manager, DataType.FLOAT32);
      pendingA = null;
      pendingB = null;
    }
  }

  /**
   * Returns {@code vera_A}, {@code [r, max in]}.
   *
   * @return the parameter
   */
  public Parameter a() {
    return a;
  }

  /**
   * Returns {@code vera_B}, {@code [max out, r]}.
   *
   * @return the parameter
   */
  public Parameter b() {
    return b;
  }

  /**
   * Returns both projections by their file names.
   *
   * @return {@code base_model.vera_A} and {@code base_model.vera_B}
   */
  public Map<String, Parameter> byFileName() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    out.put(A_NAME, a);
    out.put(B_NAME, b);
    return out;
  }

  /**
   * Returns {@code A[:, :in]}, a new array on {@code manager}.
   *
   * @param in the layer's input size
   * @param manager where the slice lives
   * @return {@code [r, in]}
   */
  NDArray slicedA(int in, NDManager manager) {
    NDArray s = a.getArray().get(new NDIndex(":, :{}", in));
    s.attach(manager);
    return s;
  }

  /**
   * Returns {@code B[:out, :]}, a new array on {@code manager}.
   *
   * @param out the layer's output size
   * @param manager where the slice lives
   * @return {@code [out, r]}
   */
  NDArray slicedB(int out, NDManager manager) {
    NDArray s = b.getArray().get(new NDIndex(":{}, :", out));
    s.attach(manager);
    return s;
  }

  /** Counts one more layer using the projections. */
  synchronized void acquire() {
    users++;
  }

  /** Counts one layer fewer; the last one frees both arrays. */
  synchronized void release() {
    if (users > 0 && --users == 0) {
      a.close();
      b.close();
    }
  }

  /**
   * Tells whether the arrays are held: drawn or loaded, and not yet freed by the last {@link
   * #release}.
   *
   * @return true while an attached layer can use them
   */
  public synchronized boolean isHeld() {
    return a.isInitialized() && b.isInitialized();
  }
}
