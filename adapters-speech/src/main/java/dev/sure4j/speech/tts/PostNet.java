package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.SameShapeBlock;
import java.util.List;

/**
 * The Tacotron 2 / ming024 {@code PostNet}: {@code n} convolutions {@code mel -> C -> ... -> C ->
 * mel} ('same' padding), each followed by batch normalisation over channels, {@code tanh} (all but
 * the last) and dropout 0.5. The model adds its output to the mel it refines.
 *
 * <p>Padded frames are zeroed before each convolution, so that in inference (batch norm on running
 * statistics) a padded batch gives exactly each utterance's result. In training, as in the
 * reference, padded frames take part in the batch statistics.
 *
 * <p>Inputs {@code mel [batch, M, mel]} and mask {@code [batch, M]} (1 = real); output {@code
 * [batch, M, mel]}.
 */
final class PostNet extends SameShapeBlock {

  private static final byte VERSION = 1;
  private static final float DROPOUT = 0.5f;

  private final List<AdaptableConv1d> convs;
  private final List<BatchNorm> norms;

  /**
   * Creates the postnet.
   *
   * @param config the model geometry (mel bins, postnet layers, channels and kernel)
   */
  PostNet(FastSpeechConfig config) {
    super(VERSION);
    ImmutableList.Builder<AdaptableConv1d> c = ImmutableList.builder();
    ImmutableList.Builder<BatchNorm> n = ImmutableList.builder();
    int layers = config.postnetLayers();
    int k = config.postnetKernel();
    for (int i = 0; i < layers; i++) {
      int in = i == 0 ? config.melBins() : config.postnetChannels();
      int out = i == layers - 1 ? config.melBins() : config.postnetChannels();
      String path = "convolutions." + i + ".";
      c.add(
          addNamed(
              path + "conv",
              AdaptableConv1d.builder()
                  .setChannels(in, out)
                  .setKernel(k)
                  .optPadding(k / 2)
                  .optInjectionPoint(false)
                  .build()));
      n.add(addNamed(path + "batch_norm", BatchNorm.builder().optAxis(1).build()));
    }
    convs = c.build();
    norms = n.build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.get(1).toType(inputs.get(0).getDataType(), false).expandDims(1);
    NDArray h = inputs.get(0).transpose(0, 2, 1); // [B, mel, M]
    for (int i = 0; i < convs.size(); i++) {
      h = convs.get(i).forward(store, new NDList(h.mul(mask)), training).singletonOrThrow();
      h = norms.get(i).forward(store, new NDList(h), training).singletonOrThrow();
      if (i < convs.size() - 1) {
        h = h.tanh();
      }
      h = Dropouts.apply(h, DROPOUT, training);
    }
    return new NDList(h.transpose(0, 2, 1));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape s = new Shape(x.get(0), x.get(2), x.get(1));
    for (int i = 0; i < convs.size(); i++) {
      convs.get(i).initialize(manager, dataType, s);
      s = convs.get(i).getOutputShapes(new Shape[] {s})[0];
      norms.get(i).initialize(manager, dataType, s);
    }
  }
}
