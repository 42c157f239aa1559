package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * ming024's {@code VariancePredictor} (duration, pitch or energy): {@code 2 x (Conv1d(k, 'same') ->
 * ReLU -> LayerNorm -> dropout) -> Linear(F -> 1)}, padded tokens set to 0.
 *
 * <p>One deliberate difference: padded frames are zeroed before each convolution, not only at the
 * end, so that a padded batch predicts exactly what each utterance predicts alone (the reference
 * lets the second convolution see non-zero padding).
 *
 * <p>Inputs {@code x [batch, T, D]} and mask {@code [batch, T]} (1 = real); output {@code [batch,
 * T]}.
 */
final class VariancePredictor extends NamedBlock {

  private static final byte VERSION = 1;

  private final AdaptableConv1d conv1;
  private final LayerNormBlock norm1;
  private final AdaptableConv1d conv2;
  private final LayerNormBlock norm2;
  private final AdaptableLinear linear;
  private final float dropout;

  /**
   * Creates a predictor.
   *
   * @param config the model geometry (hidden size, predictor filter, kernel and dropout)
   */
  VariancePredictor(FastSpeechConfig config) {
    super(VERSION);
    int f = config.predictorFilter();
    int k = config.predictorKernel();
    float eps = FastSpeechConfig.LAYER_NORM_EPS;
    conv1 =
        addNamed(
            "conv1d_1",
            AdaptableConv1d.builder()
                .setChannels(config.hidden(), f)
                .setKernel(k)
                .optPadding(k / 2)
                .optInjectionPoint(false)
                .build());
    norm1 = addNamed("layer_norm_1", new LayerNormBlock(f, eps));
    conv2 =
        addNamed(
            "conv1d_2",
            AdaptableConv1d.builder()
                .setChannels(f, f)
                .setKernel(k)
                .optPadding(k / 2)
                .optInjectionPoint(false)
                .build());
    norm2 = addNamed("layer_norm_2", new LayerNormBlock(f, eps));
    linear = addNamed("linear_layer", new AdaptableLinear(f, 1, true));
    dropout = config.predictorDropout();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.get(1);
    NDArray h = convStep(store, conv1, norm1, FrameMask.apply(inputs.get(0), mask), training);
    h = convStep(store, conv2, norm2, FrameMask.apply(h, mask), training);
    NDArray out = linear.forward(store, new NDList(h), training).singletonOrThrow().squeeze(-1);
    return new NDList(out.mul(mask.toType(out.getDataType(), false)));
  }

  private NDArray convStep(
      ParameterStore store,
      AdaptableConv1d conv,
      LayerNormBlock norm,
      NDArray x,
      boolean training) {
    NDArray h = conv.forward(store, new NDList(x.transpose(0, 2, 1)), training).singletonOrThrow();
    h = norm.forward(store, new NDList(Activation.relu(h).transpose(0, 2, 1)), training).head();
    return Dropouts.apply(h, dropout, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].slice(0, 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape channels = new Shape(x.get(0), x.get(2), x.get(1));
    conv1.initialize(manager, dataType, channels);
    Shape c = conv1.getOutputShapes(new Shape[] {channels})[0];
    conv2.initialize(manager, dataType, c);
    Shape f = new Shape(c.get(0), c.get(2), c.get(1));
    norm1.initialize(manager, dataType, f);
    norm2.initialize(manager, dataType, f);
    linear.initialize(manager, dataType, f);
  }
}
