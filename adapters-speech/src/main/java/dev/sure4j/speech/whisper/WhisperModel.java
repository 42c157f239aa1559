package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.AdaptableModel;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;

/**
 * A Whisper encoder-decoder ({@code WhisperForConditionalGeneration}) with the Hugging Face module
 * paths: children {@code model.encoder} ({@link WhisperEncoder}) and {@code model.decoder} ({@link
 * WhisperDecoder}), so that parameters are named as in a checkpoint ({@code
 * model.decoder.layers.0.encoder_attn.q_proj.weight}) and injection points as in PEFT ({@code
 * model.decoder.layers.0.encoder_attn.q_proj}, {@code model.encoder.layers.1.fc1}). Every linear
 * layer of the attention blocks and feed-forward blocks is an injection point.
 *
 * <p>As a block: inputs log-mel features {@code [batch, num_mel_bins, 3000]} and int64 decoder ids
 * {@code [batch, T]}, output teacher-forced logits {@code [batch, T, vocab_size]}.
 */
public final class WhisperModel extends NamedBlock implements AdaptableModel {

  private static final byte VERSION = 1;

  /** The generation rules of a checkpoint directory. */
  public static final String GENERATION_CONFIG = "generation_config.json";

  private final WhisperConfig config;
  private final WhisperEncoder encoder;
  private final WhisperDecoder decoder;

  /**
   * Creates a model with initialisers only; call {@link #initialize} or use {@link #load}.
   *
   * @param config the geometry
   */
  public WhisperModel(WhisperConfig config) {
    super(VERSION);
    this.config = config;
    encoder = addNamed("model.encoder", new WhisperEncoder(config));
    decoder = addNamed("model.decoder", new WhisperDecoder(config));
  }

  /**
   * Reads {@code config.json}, builds and initialises the model and loads the weights of a Hugging
   * Face checkpoint directory ({@code model.safetensors}, sharded or {@code pytorch_model.bin}; see
   * {@link HfCheckpointLoader}, whose checks apply: every tensor is checked before any is copied).
   *
   * @param dir the checkpoint directory
   * @param manager the manager that owns the parameters
   * @return the model, in float32
   * @throws IllegalArgumentException naming the file and the tensor or key that does not fit
   */
  public static WhisperModel load(Path dir, NDManager manager) {
    WhisperModel model = new WhisperModel(WhisperConfig.fromFile(dir.resolve("config.json")));
    model.initialize(manager, DataType.FLOAT32, model.inputShapes(1, 1));
    HfCheckpointLoader.loadWeights(model, dir, "Whisper model");
    return model;
  }

  /**
   * Returns the geometry.
   *
   * @return the config
   */
  public WhisperConfig config() {
    return config;
  }

  /**
   * Returns the encoder.
   *
   * @return {@code model.encoder}
   */
  public WhisperEncoder encoder() {
    return encoder;
  }

  /**
   * Returns the decoder.
   *
   * @return {@code model.decoder}
   */
  public WhisperDecoder decoder() {
    return decoder;
  }

  /**
   * Returns the input shapes of {@link #initialize}.
   *
   * @param batch utterances
   * @param tokens decoder positions
   * @return features {@code [batch, num_mel_bins, 3000]} and ids {@code [batch, tokens]}
   */
  public Shape[] inputShapes(int batch, int tokens) {
    return new Shape[] {
      new Shape(batch, config.numMelBins(), config.melFrames()), new Shape(batch, tokens)
    };
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray states = encoder.encode(store, inputs.get(0), training);
    return decoder.forward(store, new NDList(inputs.get(1), states), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return decoder.getOutputShapes(new Shape[] {inputShapes[1]});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes[0]);
    decoder.initialize(manager, dataType, inputShapes[1]);
  }
}
