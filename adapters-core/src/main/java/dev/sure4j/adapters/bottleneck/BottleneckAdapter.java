package dev.sure4j.adapters.bottleneck;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.ResidualBranch;

/**
 * A bottleneck adapter: {@code x + scaling * adapter_up(act(adapter_down(layer_norm?(x))))}.
 *
 * <p>Input and output {@code [batch, frames, D]}. Children {@code layer_norm} (optional), {@code
 * adapter_down} {@code Linear(D -> w)} and {@code adapter_up} {@code Linear(w -> D)}: {@code 2 D w
 * + w + D} parameters, plus {@code 2 D} with the layer norm.
 */
public final class BottleneckAdapter extends ResidualBranch<BottleneckSpec> {

  private static final byte VERSION = 1;

  private final AdaptableLinear down;
  private final AdaptableLinear up;

  /**
   * Creates an adapter for hidden size {@code hidden}.
   *
   * @param hidden {@code D}
   * @param layerNormEps the epsilon of the optional layer norm
   * @param spec the configuration
   */
  public BottleneckAdapter(int hidden, float layerNormEps, BottleneckSpec spec) {
    super(VERSION, hidden, layerNormEps, spec);
    int w = spec.widthFor(hidden);
    down = addNamed("adapter_down", new AdaptableLinear(hidden, w, true));
    up = addNamed("adapter_up", new AdaptableLinear(w, hidden, true));
    if (spec.init() == AdapterInit.IDENTITY) {
      up.zeroInit();
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray h = branchInput(store, inputs, training);
    NDArray z = down.forward(store, new NDList(h), training).singletonOrThrow();
    z = spec.activation().apply(z);
    z = up.forward(store, new NDList(z), training).singletonOrThrow();
    if (spec.scaling() != 1) {
      z = Ops.times(z, (float) spec.scaling());
    }
    return new NDList(x.add(z));
  }

  @Override
  protected void initializeBranch(NDManager manager, DataType dataType, Shape... inputShapes) {
    down.initialize(manager, dataType, inputShapes);
    up.initialize(manager, dataType, down.getOutputShapes(inputShapes));
  }
}
