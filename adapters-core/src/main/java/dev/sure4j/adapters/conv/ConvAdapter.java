package dev.sure4j.adapters.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;
import dev.sure4j.adapters.nn.ResidualBranch;

/**
 * The SURE ConvAdapter: {@code x + SE(conv_up(conv_depthwise(relu(conv_down(layer_norm(x))))))}.
 *
 * <p>Input and output {@code [batch, frames, D]}; the convolutions run over frames with 'same'
 * padding and no bias. Parameters, with {@code w = D * widthRatio}: {@code layer_norm} {@code [D]}
 * x 2, {@code conv_down.weight} {@code [w, D / w, kIn]}, {@code conv_depthwise.weight} {@code [w,
 * 1, kDw]}, {@code conv_up.weight} {@code [D, 1, kOut]}, {@code se.fc1.weight} {@code [D / r, D]},
 * {@code se.fc2.weight} {@code [D, D / r]}. The squeeze takes the plain mean over all frames,
 * padding included, as the reference does. Weights start with PyTorch's default {@code
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, except {@code conv_up.weight}, which starts at zero when the
 * spec's init is {@link AdapterInit#IDENTITY}.
 */
public final class ConvAdapter extends ResidualBranch<ConvAdapterSpec> {

  private static final byte VERSION = 1;

  private final int width;
  private final Parameter convDown;
  private final Parameter convDepthwise;
  private final Parameter convUp;
  private final Parameter seFc1;
  private final Parameter seFc2;

  /**
   * Creates a ConvAdapter for hidden size {@code hidden}.
   *
   * @param hidden {@code D}
   * @param layerNormEps the layer norm's epsilon
   * @param spec the configuration
   */
  public ConvAdapter(int hidden, float layerNormEps, ConvAdapterSpec spec) {
    super(VERSION, hidden, layerNormEps, spec);
    this.width = spec.widthFor(hidden);
    int squeezed = hidden / spec.seReduction();
    convDown = weight("conv_down.weight", new Shape(width, hidden / width, spec.kernelIn()), false);
    convDepthwise =
        weight("conv_depthwise.weight", new Shape(width, 1, spec.kernelDepthwise()), false);
    convUp =
        weight(
            "conv_up.weight",
            new Shape(hidden, 1, spec.kernelOut()),
            spec.init() == AdapterInit.IDENTITY);
    seFc1 = weight("se.fc1.weight", new Shape(squeezed, hidden), false);
    seFc2 = weight("se.fc2.weight", new Shape(hidden, squeezed), false);
  }

  private Parameter weight(String name, Shape shape, boolean zero) {
    long fanIn = shape.size() / shape.get(0);
    Initializer init =
        zero ? Initializer.ZEROS : new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
    return addParameter(Parameters.of(name, Parameter.Type.WEIGHT, shape, init));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow(); // [B, T, D]
    NDArray h = branchInput(store, inputs, training).transpose(0, 2, 1); // [B, D, T]
    h = conv(h, store, convDown, spec.kernelIn(), training);
    h = Activation.relu(h);
    h = conv(h, store, convDepthwise, spec.kernelDepthwise(), training);
    h = conv(h, store, convUp, spec.kernelOut(), training); // [B, D, T]
    NDArray squeeze = h.mean(new int[] {2}); // [B, D]
    NDArray s = Linear.linear(squeeze, Ops.value(store, seFc1, x, training)).singletonOrThrow();
    s = Activation.relu(s);
    s = Linear.linear(s, Ops.value(store, seFc2, x, training)).singletonOrThrow();
    s = Activation.sigmoid(s).expandDims(2); // [B, D, 1]
    h = h.mul(s).transpose(0, 2, 1); // [B, T, D]
    return new NDList(x.add(h));
  }

  private NDArray conv(NDArray h, ParameterStore store, Parameter w, int kernel, boolean training) {
    return Convolutions.conv1d(
        h, Ops.value(store, w, h, training), null, 1, (kernel - 1) / 2, 1, width);
  }
}
