package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.config.ConfigJson;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The geometry of a Whisper model, read from a Hugging Face {@code config.json} ({@code
 * WhisperConfig}); every component's name is the Hugging Face key it comes from.
 *
 * <p>The encoder takes {@code 2 * max_source_positions} log-mel frames of {@code num_mel_bins}
 * channels (3000 frames, 30 s at a 10 ms hop, for every released model) and returns {@code
 * max_source_positions} states of {@code d_model}. Layer norms use Whisper's fixed epsilon 1e-5 and
 * the activation is exact (erf) GELU, the only {@code activation_function} accepted.
 *
 * @param dModel {@code d_model}, the hidden size {@code D}
 * @param encoderLayers {@code encoder_layers}
 * @param decoderLayers {@code decoder_layers}
 * @param encoderAttentionHeads {@code encoder_attention_heads}; divides {@code D}
 * @param decoderAttentionHeads {@code decoder_attention_heads}; divides {@code D}
 * @param encoderFfnDim {@code encoder_ffn_dim}
 * @param decoderFfnDim {@code decoder_ffn_dim}
 * @param numMelBins {@code num_mel_bins} (80, or 128 for large-v3)
 * @param maxSourcePositions {@code max_source_positions} (1500)
 * @param maxTargetPositions {@code max_target_positions} (448), the longest token sequence
 * @param vocabSize {@code vocab_size}
 * @param decoderStartTokenId {@code decoder_start_token_id} ({@code <|startoftranscript|>})
 * @param eosTokenId {@code eos_token_id} ({@code <|endoftext|>})
 * @param scaleEmbedding {@code scale_embedding}: token embeddings times {@code sqrt(D)}
 */
public record WhisperConfig(
    int dModel,
    int encoderLayers,
    int decoderLayers,
    int encoderAttentionHeads,
    int decoderAttentionHeads,
    int encoderFfnDim,
    int decoderFfnDim,
    int numMelBins,
    int maxSourcePositions,
    int maxTargetPositions,
    int vocabSize,
    int decoderStartTokenId,
    int eosTokenId,
    boolean scaleEmbedding) {

  /** Whisper's layer-norm epsilon (PyTorch's default, not a config key). */
  public static final float LAYER_NORM_EPS = 1e-5f;

  /** Validates the values; messages name the Hugging Face key. */
  public WhisperConfig {
    checkPositive("d_model", dModel);
    checkPositive("encoder_layers", encoderLayers);
    checkPositive("decoder_layers", decoderLayers);
    checkHeads("encoder_attention_heads", encoderAttentionHeads, dModel);
    checkHeads("decoder_attention_heads", decoderAttentionHeads, dModel);
    checkPositive("encoder_ffn_dim", encoderFfnDim);
    checkPositive("decoder_ffn_dim", decoderFfnDim);
    checkPositive("num_mel_bins", numMelBins);
    checkPositive("max_source_positions", maxSourcePositions);
    checkPositive("max_target_positions", maxTargetPositions);
    checkPositive("vocab_size", vocabSize);
    checkToken("decoder_start_token_id", decoderStartTokenId, vocabSize);
    checkToken("eos_token_id", eosTokenId, vocabSize);
  }

  private static void checkPositive(String key, int value) {
    checkArgument(value > 0, "%s must be > 0: %s", key, value);
  }

  private static void checkHeads(String key, int heads, int dModel) {
    checkArgument(
        heads > 0 && dModel % heads == 0, "%s %s must divide d_model %s", key, heads, dModel);
  }

  private static void checkToken(String key, int id, int vocabSize) {
    checkArgument(id >= 0 && id < vocabSize, "%s %s is outside [0, %s)", key, id, vocabSize);
  }

  /**
   * Reads a {@code config.json}.
   *
   * @param file the file
   * @return the config
   * @throws IllegalArgumentException one line naming the file, the key and the value
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  public static WhisperConfig fromFile(Path file) {
    return ConfigJson.readFile(file, WhisperConfig::fromJson);
  }

  /**
   * Tells whether a directory holds a Whisper checkpoint: its {@code config.json} says {@code
   * "model_type": "whisper"}, or has no {@code model_type} but Whisper's keys ({@code d_model},
   * {@code num_mel_bins}, {@code decoder_layers}).
   *
   * @param dir a model directory
   * @return false when there is no {@code config.json} or it describes another model
   * @throws IllegalArgumentException naming the file when {@code config.json} is not a JSON object
   */
  public static boolean describes(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return false;
    }
    return ConfigJson.readFile(file, WhisperConfig::describesJson);
  }

  /**
   * Tells whether the text of a {@code config.json} describes Whisper, as {@link #describes}.
   *
   * @param text the JSON text
   * @return whether it describes Whisper
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static boolean describesJson(String text) {
    ConfigJson j = ConfigJson.parse(text);
    return j.has("model_type")
        ? j.string("model_type", "").equals("whisper")
        : j.has("d_model") && j.has("num_mel_bins") && j.has("decoder_layers");
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param json the JSON text
   * @return the config
   * @throws IllegalArgumentException naming the key and the value
   */
  public static WhisperConfig fromJson(String json) {
    ConfigJson j = ConfigJson.parse(json);
    String type = j.string("model_type", "whisper");
    checkArgument(type.equals("whisper"), "model_type '%s' is not whisper", type);
    String act = j.string("activation_function", "gelu");
    checkArgument(act.equals("gelu"), "activation_function '%s' is not supported (gelu)", act);
    return new WhisperConfig(
        j.integer("d_model"),
        j.integer("encoder_layers"),
        j.integer("decoder_layers"),
        j.integer("encoder_attention_heads"),
        j.integer("decoder_attention_heads"),
        j.integer("encoder_ffn_dim"),
        j.integer("decoder_ffn_dim"),
        j.integer("num_mel_bins", 80),
        j.integer("max_source_positions", 1500),
        j.integer("max_target_positions", 448),
        j.integer("vocab_size"),
        j.integer("decoder_start_token_id", 50257),
        j.integer("eos_token_id", 50256),
        j.bool("scale_embedding", false));
  }

  /**
   * Returns the number of log-mel frames the encoder takes.
   *
   * @return {@code 2 * max_source_positions} (3000)
   */
  public int melFrames() {
    return 2 * maxSourcePositions;
  }

  /**
   * Returns a builder starting from this config (for tests and small models).
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes the fields of a {@link WhisperConfig} that tests and small models vary. */
  public static final class Builder {
    private int dModel;
    private int encoderLayers;
    private int decoderLayers;
    private int heads;
    private int ffnDim;
    private final WhisperConfig base;

    private Builder(WhisperConfig c) {
      base = c;
      dModel = c.dModel;
      encoderLayers = c.encoderLayers;
      decoderLayers = c.decoderLayers;
      heads = c.encoderAttentionHeads;
      ffnDim = c.encoderFfnDim;
    }

    /**
     * Sets {@code d_model}.
     *
     * @param d the hidden size
     * @return this builder
     */
    public Builder optDModel(int d) {
      dModel = d;
      return this;
    }

    /**
     * Sets {@code encoder_layers} and {@code decoder_layers}.
     *
     * @param encoder encoder layers
     * @param decoder decoder layers
     * @return this builder
     */
    public Builder optLayers(int encoder, int decoder) {
      encoderLayers = encoder;
      decoderLayers = decoder;
      return this;
    }

    /**
     * Sets both head counts.
     *
     * @param count heads, dividing {@code d_model}
     * @return this builder
     */
    public Builder optHeads(int count) {
      heads = count;
      return this;
    }

    /**
     * Sets both feed-forward sizes.
     *
     * @param size {@code encoder_ffn_dim} and {@code decoder_ffn_dim}
     * @return this builder
     */
    public Builder optFfnDim(int size) {
      ffnDim = size;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public WhisperConfig build() {
      return new WhisperConfig(
          dModel,
          encoderLayers,
          decoderLayers,
          heads,
          heads,
          ffnDim,
          ffnDim,
          base.numMelBins,
          base.maxSourcePositions,
          base.maxTargetPositions,
          base.vocabSize,
          base.decoderStartTokenId,
          base.eosTokenId,
          base.scaleEmbedding);
    }
  }
}
