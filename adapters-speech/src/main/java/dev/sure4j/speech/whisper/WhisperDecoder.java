package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.speech.encoder.ModuleList;
import dev.sure4j.speech.tts.EmbeddingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper's text decoder ({@code WhisperDecoder} with the tied output projection {@code proj_out}):
 * children {@code embed_tokens}, {@code embed_positions}, {@code layers} and {@code layer_norm}.
 *
 * <p>{@code h = embed_tokens(ids) * (scale_embedding ? sqrt(D) : 1) + embed_positions[offset ..]},
 * the pre-LN layers (causal self-attention, cross-attention to the encoder states, feed-forward),
 * {@code layer_norm}, and logits {@code h @ embed_tokens^T}. As a block: inputs int64 ids {@code
 * [batch, T]} and encoder states {@code [batch, S, D]}, output logits {@code [batch, T,
 * vocab_size]} (teacher forcing, no cache).
 */
public final class WhisperDecoder extends NamedBlock {

  private static final byte VERSION = 1;

  private final WhisperConfig config;
  private final EmbeddingTable embedTokens;
  private final EmbeddingTable embedPositions;
  private final ModuleList<WhisperLayer> layers;
  private final LayerNormBlock layerNorm;

  /**
   * Creates the decoder.
   *
   * @param config the geometry
   */
  public WhisperDecoder(WhisperConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.dModel();
    embedTokens = addNamed("embed_tokens", new EmbeddingTable(config.vocabSize(), d));
    embedPositions =
        addNamed("embed_positions", new EmbeddingTable(config.maxTargetPositions(), d));
    List<WhisperLayer> list = new ArrayList<>();
    for (int i = 0; i < config.decoderLayers(); i++) {
      list.add(new WhisperLayer(d, config.decoderAttentionHeads(), config.decoderFfnDim(), true));
    }
    layers = addNamed("layers", new ModuleList<>(list));
    layerNorm = addNamed("layer_norm", new LayerNormBlock(d, WhisperConfig.LAYER_NORM_EPS));
  }

  /**
   * Starts a decoding run: computes every layer's cross-attention keys and values once, with the
   * cross-attention's prefixes in front of them.
   *
   * @param store the parameter store of the current pass
   * @param encoderStates {@code [batch, S, D]}
   * @param training whether this is a training pass
   * @return an empty cache over these states
   */
  public WhisperDecoderCache newCache(
      ParameterStore store, NDArray encoderStates, boolean training) {
    List<KeyValues> cross = new ArrayList<>();
    for (WhisperLayer l : layers.blocks()) {
      cross.add(l.encoderAttn().prefixedKeyValues(store, encoderStates, training));
    }
    return new WhisperDecoderCache(cross);
  }

  /**
   * Decodes new positions after those already in the cache, and adds them to it.
   *
   * @param store the parameter store of the current pass
   * @param ids int64 {@code [batch, T]}, the tokens at positions {@code cache.length() ..}
   * @param cache the run's cache
   * @param training whether this is a training pass
   * @return logits {@code [batch, T, vocab_size]}
   * @throws IllegalArgumentException past {@code max_target_positions}
   */
  public NDArray logits(
      ParameterStore store, NDArray ids, WhisperDecoderCache cache, boolean training) {
    long length = ids.getShape().get(1);
    checkArgument(
        cache.length() + length <= config.maxTargetPositions(),
        "%s tokens exceed max_target_positions %s",
        cache.length() + length,
        config.maxTargetPositions());
    NDArray h = embedTokens.forward(store, new NDList(ids), training).singletonOrThrow();
    if (config.scaleEmbedding()) {
      h = Ops.times(h, (float) Math.sqrt(config.dModel()));
    }
    h = h.add(Blocks.positions(embedPositions, store, h, cache.length(), length, training));
    List<WhisperLayer> list = layers.blocks();
    for (int i = 0; i < list.size(); i++) {
      h = list.get(i).decode(store, h, cache.layer(i), training);
    }
    cache.advance(length);
    h = layerNorm.forward(store, new NDList(h), training).singletonOrThrow();
    return h.matMul(Ops.local(Blocks.table(embedTokens, store, h, training).transpose(), h));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    WhisperDecoderCache cache = newCache(store, inputs.get(1), training);
    return new NDList(logits(store, inputs.get(0), cache, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.vocabSize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape h = new Shape(1, 1, config.dModel());
    embedTokens.initialize(manager, dataType, new Shape(1, 1));
    embedPositions.initialize(manager, dataType, new Shape(1, 1));
    for (WhisperLayer l : layers.blocks()) {
      l.initialize(manager, dataType, h);
    }
    layerNorm.initialize(manager, dataType, h);
  }
}
