package dev.sure4j.adapters.prefix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.PrefixProvider;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The learned prefix of one self-attention layer.
 *
 * <p>Without reparameterisation it holds {@code prefix_key [P, D]} and {@code prefix_value [P, D]},
 * drawn from {@code N(0, 1)} like the reference's {@code nn.Embedding}: {@code 2 P D} parameters.
 * With it, it holds {@code embedding [P, D]} and an MLP {@code mlp_in: Linear(D -> h)}, tanh,
 * {@code mlp_out: Linear(h -> 2D)} whose output splits into keys and values. Dropout applies to the
 * keys and values in training.
 */
public final class PrefixKeyValues extends NamedBlock implements PrefixProvider {

  private static final byte VERSION = 1;

  private final PrefixSpec spec;
  private final int hidden;
  private final Parameter key;
  private final Parameter value;
  private final Parameter embedding;
  private final AdaptableLinear mlpIn;
  private final AdaptableLinear mlpOut;

  /**
   * Creates the prefix of one attention layer.
   *
   * @param hidden the attention's hidden size {@code D}
   * @param spec the configuration
   */
  public PrefixKeyValues(int hidden, PrefixSpec spec) {
    super(VERSION);
    this.spec = spec;
    this.hidden = hidden;
    Shape table = new Shape(spec.length(), hidden);
    if (spec.reparameterized()) {
      key = null;
      value = null;
      embedding = table("embedding", table);
      mlpIn = addNamed("mlp_in", new AdaptableLinear(hidden, spec.reparameterizeHidden(), true));
      mlpOut =
          addNamed("mlp_out", new AdaptableLinear(spec.reparameterizeHidden(), 2 * hidden, true));
    } else {
      key = table("prefix_key", table);
      value = table("prefix_value", table);
      embedding = null;
      mlpIn = null;
      mlpOut = null;
    }
  }

  private Parameter table(String name, Shape shape) {
    return addParameter(
        Parameters.of(name, Parameter.Type.WEIGHT, shape, new NormalInitializer(1f)));
  }

  @Override
  public int length() {
    return spec.length();
  }

  @Override
  public NDList keyValues(ParameterStore store, NDManager manager, boolean training) {
    NDArray k;
    NDArray v;
    if (spec.reparameterized()) {
      NDArray e = Ops.lift(store.getValue(embedding, manager.getDevice(), training), manager);
      NDArray h = mlpIn.forward(store, new NDList(e), training).singletonOrThrow().tanh();
      NDArray kv = mlpOut.forward(store, new NDList(h), training).singletonOrThrow();
      NDList split = kv.split(2, 1);
      k = split.get(0);
      v = split.get(1);
    } else {
      k = Ops.lift(store.getValue(key, manager.getDevice(), training), manager);
      v = Ops.lift(store.getValue(value, manager.getDevice(), training), manager);
    }
    if (training && spec.dropout() > 0) {
      k = Dropout.dropout(k, (float) spec.dropout(), true).singletonOrThrow();
      v = Dropout.dropout(v, (float) spec.dropout(), true).singletonOrThrow();
    }
    return new NDList(k, v);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return keyValues(store, inputs.head().getManager(), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = new Shape(spec.length(), hidden);
    return new Shape[] {s, s};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (mlpIn != null) {
      mlpIn.initialize(manager, dataType, new Shape(spec.length(), hidden));
      mlpOut.initialize(manager, dataType, new Shape(spec.length(), spec.reparameterizeHidden()));
    }
  }
}
