package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.LayerScope;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.encoder.ModuleList;
import dev.sure4j.speech.tts.EmbeddingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper's audio encoder ({@code WhisperEncoder}): children {@code conv1} (kernel 3, padding 1),
 * {@code conv2} (kernel 3, stride 2, padding 1), {@code embed_positions}, {@code layers} and {@code
 * layer_norm}.
 *
 * <p>{@code h = gelu(conv2(gelu(conv1(mel)))) + embed_positions}, then the pre-LN layers, then
 * {@code layer_norm}. Input: log-mel features {@code [batch, num_mel_bins, 2 *
 * max_source_positions]} (3000 frames, {@link WhisperFeatures}); output the last hidden state
 * {@code [batch, max_source_positions, d_model]}.
 */
public final class WhisperEncoder extends NamedBlock {

  private static final byte VERSION = 1;

  private final WhisperConfig config;
  private final AdaptableConv1d conv1;
  private final AdaptableConv1d conv2;
  private final EmbeddingTable embedPositions;
  private final ModuleList<WhisperLayer> layers;
  private final LayerNormBlock layerNorm;

  /**
   * Creates the encoder.
   *
   * @param config the geometry
   */
  public WhisperEncoder(WhisperConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.dModel();
    conv1 =
        addNamed(
            "conv1",
            AdaptableConv1d.builder()
                .setChannels(config.numMelBins(), d)
                .setKernel(3)
                .optPadding(1)
                .optInjectionPoint(false)
                .build());
    conv2 =
        addNamed(
            "conv2",
            AdaptableConv1d.builder()
                .setChannels(d, d)
                .setKernel(3)
                .optStride(2)
                .optPadding(1)
                .optInjectionPoint(false)
                .build());
    embedPositions =
        addNamed("embed_positions", new EmbeddingTable(config.maxSourcePositions(), d));
    List<WhisperLayer> list = new ArrayList<>();
    for (int i = 0; i < config.encoderLayers(); i++) {
      list.add(new WhisperLayer(d, config.encoderAttentionHeads(), config.encoderFfnDim(), false));
    }
    layers = addNamed("layers", new ModuleList<>(list));
    layerNorm = addNamed("layer_norm", new LayerNormBlock(d, WhisperConfig.LAYER_NORM_EPS));
  }

  /**
   * Encodes log-mel features.
   *
   * @param store the parameter store of the current pass
   * @param mel {@code [batch, num_mel_bins, 2 * max_source_positions]}
   * @param training whether this is a training pass
   * @return {@code [batch, max_source_positions, d_model]}
   * @throws IllegalArgumentException when the features have another shape
   */
  public NDArray encode(ParameterStore store, NDArray mel, boolean training) {
    Shape s = mel.getShape();
    checkArgument(
        s.dimension() == 3 && s.get(1) == config.numMelBins() && s.get(2) == config.melFrames(),
        "Whisper expects log-mel features [batch, %s, %s], got %s",
        config.numMelBins(),
        config.melFrames(),
        s);
    return run(store, mel, training, null);
  }

  /**
   * Encodes log-mel features and returns every hidden state, as Hugging Face's {@code
   * output_hidden_states}: the conv stem's output plus the positions, the output of each layer but
   * the last, then {@code layer_norm} of the last layer's output (the last hidden state).
   *
   * <p>Fewer than {@code 2 * max_source_positions} frames run on the first {@code F / 2} positions
   * only (the positional embeddings sliced): cheaper than a 30 s window, but not what Whisper was
   * trained on, so the states differ from those of the same audio padded to 30 s.
   *
   * @param store the parameter store of the current pass
   * @param mel {@code [batch, num_mel_bins, F]}, {@code F} even, {@code 2 <= F <= 2 *
   *     max_source_positions}
   * @param training whether this is a training pass
   * @return {@code encoder_layers + 1} arrays {@code [batch, F / 2, d_model]}
   * @throws IllegalArgumentException when the features have another shape
   */
  public NDList hiddenStates(ParameterStore store, NDArray mel, boolean training) {
    Shape s = mel.getShape();
    checkArgument(
        s.dimension() == 3
            && s.get(1) == config.numMelBins()
            && s.get(2) % 2 == 0
            && s.get(2) >= 2
            && s.get(2) <= config.melFrames(),
        "Whisper expects log-mel features [batch, %s, F] with F even and at most %s, got %s",
        config.numMelBins(),
        config.melFrames(),
        s);
    NDList states = new NDList();
    run(store, mel, training, states);
    return states;
  }

  /**
   * Runs the stem and the layers, each in its own {@link LayerScope} so that only its output
   * outlives it. With {@code states}, every hidden state is added to it and kept; without, each
   * layer's input is freed once the layer has run, so that one pass holds the intermediates of one
   * layer and a single {@code [batch, frames, D]} state at a time.
   */
  private NDArray run(ParameterStore store, NDArray mel, boolean training, NDList states) {
    NDArray h =
        LayerScope.run(
            mel,
            m -> {
              NDArray c = Activation.gelu(Blocks.run(conv1, store, m, training));
              c = Activation.gelu(Blocks.run(conv2, store, c, training)).transpose(0, 2, 1);
              return c.add(
                  Blocks.positions(embedPositions, store, c, 0, c.getShape().get(1), training));
            });
    for (WhisperLayer layer : layers.blocks()) {
      if (states == null) {
        // each layer's intermediates (its attention scores are [batch, heads, 1500, 1500]) are
        // freed when it returns, and its input after
        h = LayerScope.consume(h, in -> layer.encode(store, in, training));
      } else {
        states.add(h);
        h = LayerScope.run(h, in -> layer.encode(store, in, training));
      }
    }
    if (states == null) {
      return LayerScope.consume(h, in -> Blocks.run(layerNorm, store, in, training));
    }
    h = Blocks.run(layerNorm, store, h, training);
    states.add(h);
    return h;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(encode(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {
      new Shape(inputShapes[0].get(0), config.maxSourcePositions(), config.dModel())
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape mel = inputShapes[0];
    conv1.initialize(manager, dataType, mel);
    Shape c1 = conv1.getOutputShapes(new Shape[] {mel})[0];
    conv2.initialize(manager, dataType, c1);
    Shape h = getOutputShapes(inputShapes)[0];
    embedPositions.initialize(manager, dataType, new Shape(1, 1));
    for (WhisperLayer l : layers.blocks()) {
      l.initialize(manager, dataType, h);
    }
    layerNorm.initialize(manager, dataType, h);
  }
}
