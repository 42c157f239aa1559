package dev.sure4j.adapters.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.AdaptableModel;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A tiny model with convolutions to adapt: an ungrouped strided convolution {@code feature} (kernel
 * 3, stride 2), a grouped padded one {@code pos_conv} (kernel 4, padding 2, groups 2, added as a
 * residual as HuBERT's positional convolution is) and a linear layer {@code q_proj}. Input {@code
 * [batch, IN, time]}; output {@code [batch, frames, D]}.
 */
public final class TinyConvModel extends NamedBlock implements AdaptableModel {

  /** Input channels. */
  public static final int IN = 3;

  /** Channels of the convolutions and width of the linear layer. */
  public static final int D = 8;

  /** Input length used by {@link #wrapped}. */
  public static final int TIME = 21;

  private final AdaptableConv1d feature = new AdaptableConv1d(IN, D, 3, 2, 0, 1, 1, true);
  private final AdaptableConv1d pos = new AdaptableConv1d(D, D, 4, 1, 2, 2, 1, true);
  private final AdaptableLinear proj = new AdaptableLinear(D, D, true);

  /** Creates the model, not initialised. */
  public TinyConvModel() {
    super((byte) 1);
    addNamed("feature", feature);
    addNamed("pos_conv", pos);
    addNamed("q_proj", proj);
  }

  /**
   * Creates, initialises and wraps a model.
   *
   * @param manager the manager of its parameters
   * @return the model, ready for adapters
   */
  public static AdapterModel wrapped(NDManager manager) {
    TinyConvModel base = new TinyConvModel();
    base.initialize(manager, DataType.FLOAT32, new Shape(1, IN, TIME));
    return AdapterModel.wrap(base);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = feature.forward(store, new NDList(inputs.head()), training).head();
    h = Activation.gelu(h);
    h = h.add(pos.forward(store, new NDList(h), training).head().get(":, :, :-1"));
    return proj.forward(store, new NDList(h.transpose(0, 2, 1)), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    Shape f = feature.getOutputShapes(in)[0];
    return new Shape[] {new Shape(f.get(0), f.get(2), D)};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
    feature.initialize(m, t, in[0]);
    Shape f = feature.getOutputShapes(in)[0];
    pos.initialize(m, t, f);
    proj.initialize(m, t, new Shape(f.get(0), f.get(2), D));
  }
}
