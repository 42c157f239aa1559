package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.NamedOutputs;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.inject.AdaptableModel;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.InjectionPoints;
import java.util.Arrays;
import java.util.List;

/**
 * A stack of {@link TransformerLayer}s that declares every layer's injection points, under module
 * paths {@code <path>.<i>.attention.q_proj} and so on ({@code path} defaults to {@code
 * encoder.layers}, as in Hugging Face).
 *
 * <p>Inputs: {@code x [batch, frames, D]} and optionally a mask {@code [batch, frames]} (1 = real
 * frame). Output: the last hidden state {@code [batch, frames, D]}; with {@code
 * outputHiddenStates}, followed by the {@code L + 1} hidden states: the input and each layer's
 * output. The outputs are named ({@link OutputNames}): {@code last_hidden_state}, {@code
 * hidden_states.0} and so on.
 */
public final class TransformerEncoder extends NamedBlock implements AdaptableModel, NamedOutputs {

  private static final byte VERSION = 1;

  private final List<TransformerLayer> layers;
  private final String path;
  private final boolean outputHiddenStates;
  private final String childPrefix;

  /**
   * Creates an encoder of identical layers to be nested in a larger model: the layers are children
   * named {@code 0}, {@code 1}, ... and {@code path} is where the enclosing model puts this block,
   * used for the injection points (for a Hugging Face speech encoder the enclosing {@code encoder}
   * block adds this one as its {@code layers} child, with path {@code encoder.layers}).
   *
   * @param config each layer's geometry
   * @param numLayers the number of layers ({@code num_hidden_layers}), {@code > 0}
   * @param path the module path of this block in the enclosing model
   * @param outputHiddenStates whether to return every hidden state after the last one
   */
  public TransformerEncoder(
      TransformerLayerConfig config, int numLayers, String path, boolean outputHiddenStates) {
    this(config, numLayers, path, outputHiddenStates, "");
  }

  /**
   * Creates a stand-alone encoder at {@code encoder.layers} that returns only the last hidden
   * state. Its layers are children named {@code encoder.layers.<i>}, so parameter paths ({@link
   * StateDict}) and injection paths agree: {@code encoder.layers.0.attention.q_proj.weight}.
   *
   * @param config each layer's geometry
   * @param numLayers the number of layers
   */
  public TransformerEncoder(TransformerLayerConfig config, int numLayers) {
    this(config, numLayers, "encoder.layers", false, "encoder.layers.");
  }

  private TransformerEncoder(
      TransformerLayerConfig config,
      int numLayers,
      String path,
      boolean outputHiddenStates,
      String childPrefix) {
    super(VERSION);
    checkArgument(numLayers > 0, "num_hidden_layers must be > 0: %s", numLayers);
    this.path = path;
    this.outputHiddenStates = outputHiddenStates;
    this.childPrefix = childPrefix;
    ImmutableList.Builder<TransformerLayer> b = ImmutableList.builder();
    for (int i = 0; i < numLayers; i++) {
      b.add(addNamed(childPrefix + i, new TransformerLayer(config)));
    }
    layers = b.build();
  }

  /**
   * Returns the layers.
   *
   * @return an immutable list
   */
  public List<TransformerLayer> layers() {
    return layers;
  }

  /**
   * Returns the module path of the layer list.
   *
   * @return e.g. {@code encoder.layers}
   */
  public String path() {
    return path;
  }

  /** {@inheritDoc} The host blocks of every layer, at {@code <path>.<i>...}. */
  @Override
  public List<InjectionPoint> injectionPoints() {
    return InjectionPoints.discover(this, childPrefix.isEmpty() ? path + "." : "");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.get(0);
    NDList all = new NDList();
    all.add(h);
    for (TransformerLayer layer : layers) {
      NDList in = new NDList(h);
      if (inputs.size() > 1) {
        in.add(inputs.get(1));
      }
      h = layer.forward(store, in, training, params).singletonOrThrow();
      all.add(h);
    }
    if (!outputHiddenStates) {
      return new NDList(OutputNames.named(h, OutputNames.LAST_HIDDEN_STATE));
    }
    NDList out = OutputNames.hiddenStates(all);
    out.add(0, out.get(out.size() - 1));
    return out;
  }

  @Override
  public DataDesc[] describeOutputs(Shape[] inputShapes) {
    Shape[] shapes = getOutputShapes(inputShapes);
    DataDesc[] out = new DataDesc[shapes.length];
    out[0] = new DataDesc(shapes[0], DataType.FLOAT32, OutputNames.LAST_HIDDEN_STATE);
    for (int i = 1; i < shapes.length; i++) {
      String name =
          i == shapes.length - 1 ? OutputNames.LAST_HIDDEN_STATE : OutputNames.hiddenState(i - 1);
      out[i] = new DataDesc(shapes[i], DataType.FLOAT32, name);
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    int n = outputHiddenStates ? layers.size() + 2 : 1;
    Shape[] out = new Shape[n];
    Arrays.fill(out, inputShapes[0]);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (TransformerLayer l : layers) {
      l.initialize(manager, dataType, inputShapes[0]);
    }
  }
}
