package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.speech.config.ConfigJson;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry and regularisation of a HuBERT or wav2vec2 encoder, read from a Hugging Face {@code
 * config.json} ({@link #fromJson}) or taken from a preset ({@link #base()}, {@link #large()}).
 *
 * <p>Every component names the Hugging Face config key it comes from. Values the encoder cannot
 * reproduce exactly (another {@code model_type}, {@code feat_extract_activation} other than gelu,
 * {@code conv_pos_batch_norm}, {@code add_adapter}, an unknown {@code hidden_act}) are rejected
 * with the key and the value; keys that Hugging Face itself defaults when absent take Hugging
 * Face's default (documented per key), geometry keys are required.
 *
 * @param modelType {@code model_type}: {@code hubert} or {@code wav2vec2}
 * @param convDim {@code conv_dim}: output channels of each feature-extractor convolution
 * @param convKernel {@code conv_kernel}: kernel size of each convolution, in samples or frames
 * @param convStride {@code conv_stride}: stride of each convolution
 * @param convBias {@code conv_bias}: whether the convolutions have a bias
 * @param featExtractNorm {@code feat_extract_norm}: {@code group} (group norm after the first
 *     convolution only) or {@code layer} (layer norm over channels after every convolution)
 * @param doStableLayerNorm {@code do_stable_layer_norm}: pre-LN transformer layers (true) or
 *     post-LN
 * @param featProjLayerNorm {@code feat_proj_layer_norm}: layer norm before the feature projection.
 *     HuBERT honours the key (default true); wav2vec2 always has the layer norm, so the key is
 *     ignored there, as in Hugging Face
 * @param numConvPosEmbeddings {@code num_conv_pos_embeddings}: kernel of the positional convolution
 * @param numConvPosEmbeddingGroups {@code num_conv_pos_embedding_groups}: its groups
 * @param numHiddenLayers {@code num_hidden_layers}: transformer layers {@code L}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param intermediateSize {@code intermediate_size}: feed-forward width {@code F}
 * @param hiddenSize {@code hidden_size}: model width {@code D}
 * @param layerNormEps {@code layer_norm_eps} (default 1e-5): epsilon of the feature-projection and
 *     transformer layer norms (the convolution norms use PyTorch's 1e-5, as Hugging Face does)
 * @param hiddenAct {@code hidden_act} (default gelu): gelu, relu, swish/silu or tanh
 * @param hiddenDropout {@code hidden_dropout} (default 0.1): after the positional embedding, the
 *     attention and the feed-forward output
 * @param attentionDropout {@code attention_dropout} (default 0.1): on attention probabilities
 * @param activationDropout {@code activation_dropout} (default 0.1): inside the feed-forward block
 * @param featProjDropout {@code feat_proj_dropout} (default 0.0): after the feature projection
 * @param layerdrop {@code layerdrop} (default 0.1): probability of skipping a layer in training
 */
public record EncoderConfig(
    ModelType modelType,
    List<Integer> convDim,
    List<Integer> convKernel,
    List<Integer> convStride,
    boolean convBias,
    FeatExtractNorm featExtractNorm,
    boolean doStableLayerNorm,
    boolean featProjLayerNorm,
    int numConvPosEmbeddings,
    int numConvPosEmbeddingGroups,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    int hiddenSize,
    float layerNormEps,
    AdapterActivation hiddenAct,
    float hiddenDropout,
    float attentionDropout,
    float activationDropout,
    float featProjDropout,
    float layerdrop) {

  /** The Hugging Face {@code model_type}s this encoder reproduces. */
  public enum ModelType {
    /** {@code hubert}: {@code HubertModel}. */
    HUBERT,
    /** {@code wav2vec2}: {@code Wav2Vec2Model}. */
    WAV2VEC2;

    /**
     * Returns the Hugging Face spelling.
     *
     * @return {@code hubert} or {@code wav2vec2}
     */
    public String hfName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The Hugging Face {@code feat_extract_norm} modes. */
  public enum FeatExtractNorm {
    /** {@code group}: group norm (one group per channel) after the first convolution only. */
    GROUP,
    /** {@code layer}: layer norm over the channels after every convolution. */
    LAYER
  }

  private static final List<Integer> KERNELS = List.of(10, 3, 3, 3, 3, 2, 2);
  private static final List<Integer> STRIDES = List.of(5, 2, 2, 2, 2, 2, 2);

  /** Validates the values and copies the lists. */
  public EncoderConfig {
    checkArgument(modelType != null, "model_type must not be null");
    checkArgument(featExtractNorm != null, "feat_extract_norm must not be null");
    checkArgument(hiddenAct != null, "hidden_act must not be null");
    convDim = ImmutableList.copyOf(convDim);
    convKernel = ImmutableList.copyOf(convKernel);
    convStride = ImmutableList.copyOf(convStride);
    checkArgument(!convDim.isEmpty(), "conv_dim must not be empty");
    checkArgument(
        convDim.size() == convKernel.size() && convDim.size() == convStride.size(),
        "conv_dim %s, conv_kernel %s and conv_stride %s must have the same length",
        convDim,
        convKernel,
        convStride);
    for (int i = 0; i < convDim.size(); i++) {
      checkArgument(
          convDim.get(i) > 0 && convKernel.get(i) > 0 && convStride.get(i) > 0,
          "conv layer %s: conv_dim %s, conv_kernel %s and conv_stride %s must be > 0",
          i,
          convDim.get(i),
          convKernel.get(i),
          convStride.get(i));
    }
    checkArgument(
        numConvPosEmbeddings > 0, "num_conv_pos_embeddings must be > 0: %s", numConvPosEmbeddings);
    checkArgument(
        numConvPosEmbeddingGroups > 0 && hiddenSize % numConvPosEmbeddingGroups == 0,
        "num_conv_pos_embedding_groups %s must divide hidden_size %s",
        numConvPosEmbeddingGroups,
        hiddenSize);
    checkArgument(numHiddenLayers > 0, "num_hidden_layers must be > 0: %s", numHiddenLayers);
    checkRate("feat_proj_dropout", featProjDropout);
    checkRate("layerdrop", layerdrop);
    // the per-layer values are checked by TransformerLayerConfig
    new TransformerLayerConfig(
        hiddenSize,
        numAttentionHeads,
        intermediateSize,
        doStableLayerNorm,
        layerNormEps,
        hiddenAct,
        attentionDropout,
        hiddenDropout,
        activationDropout);
  }

  private static void checkRate(String key, float rate) {
    checkArgument(rate >= 0 && rate < 1, "%s must be in [0, 1): %s", key, rate);
  }

  /**
   * The HuBERT-base geometry ({@code facebook/hubert-base-ls960}): 512-channel convolutions without
   * bias, group norm, post-LN, 12 layers of width 768 with 12 heads and FFN 3072, positional
   * convolution 128 wide in 16 groups, dropouts 0.1, layer drop 0.1.
   *
   * @return the config
   */
  public static EncoderConfig base() {
    return hubert(false, FeatExtractNorm.GROUP, false, 12, 12, 3072, 768);
  }

  /**
   * The HuBERT-large geometry ({@code facebook/hubert-large-ll60k}): 512-channel convolutions with
   * bias, layer norm, pre-LN, 24 layers of width 1024 with 16 heads and FFN 4096, positional
   * convolution 128 wide in 16 groups, dropouts 0.1, layer drop 0.1.
   *
   * @return the config
   */
  public static EncoderConfig large() {
    return hubert(true, FeatExtractNorm.LAYER, true, 24, 16, 4096, 1024);
  }

  /** A released HuBERT geometry: the standard convolutions, 128-wide positions, dropouts 0.1. */
  private static EncoderConfig hubert(
      boolean convBias,
      FeatExtractNorm norm,
      boolean preLn,
      int layers,
      int heads,
      int ffn,
      int hidden) {
    return new EncoderConfig(
        ModelType.HUBERT,
        Collections.nCopies(KERNELS.size(), 512),
        KERNELS,
        STRIDES,
        convBias,
        norm,
        preLn,
        true,
        128,
        16,
        layers,
        heads,
        ffn,
        hidden,
        1e-5f,
        AdapterActivation.GELU,
        0.1f,
        0.1f,
        0.1f,
        0.1f,
        0.1f);
  }

  /**
   * Reads a Hugging Face {@code config.json} file.
   *
   * @param file the file
   * @return the config
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the file, key and value when a value is missing,
   *     invalid or unsupported
   */
  public static EncoderConfig fromFile(Path file) {
    return ConfigJson.readFile(file, EncoderConfig::fromJson);
  }

  /**
   * Parses the text of a Hugging Face {@code config.json}.
   *
   * @param json the JSON text
   * @return the config
   * @throws IllegalArgumentException naming the key and value when a value is missing, invalid or
   *     unsupported
   */
  public static EncoderConfig fromJson(String json) {
    return EncoderConfigJson.parse(json);
  }

  /**
   * Returns the geometry of one transformer layer.
   *
   * @return the layer config
   */
  public TransformerLayerConfig transformerLayerConfig() {
    // the constructor built (and so validated) the same values from its parameters
    return new TransformerLayerConfig(
        hiddenSize(),
        numAttentionHeads(),
        intermediateSize(),
        doStableLayerNorm(),
        layerNormEps(),
        hiddenAct(),
        attentionDropout(),
        hiddenDropout(),
        activationDropout());
  }

  /**
   * Returns the number of frames the feature extractor makes from a number of samples: {@code
   * floor((n - kernel) / stride) + 1} through every convolution, or 0 when the input is shorter
   * than the receptive field.
   *
   * @param samples the input length in samples, {@code >= 0}
   * @return frames, {@code >= 0}
   */
  public long frames(long samples) {
    checkArgument(samples >= 0, "samples must be >= 0: %s", samples);
    long n = samples;
    for (int i = 0; i < convKernel.size(); i++) {
      if (n < convKernel.get(i)) {
        return 0;
      }
      n = (n - convKernel.get(i)) / convStride.get(i) + 1;
    }
    return n;
  }

  /**
   * Returns the receptive field of one frame: the fewest samples that give one frame (400 for the
   * standard geometry, 25 ms at 16 kHz).
   *
   * @return samples
   */
  public long receptiveField() {
    long field = 1;
    for (int i = convKernel.size() - 1; i >= 0; i--) {
      field = (field - 1) * convStride.get(i) + convKernel.get(i);
    }
    return field;
  }

  /**
   * Returns the config as the Hugging Face keys this record covers, for provenance.
   *
   * @return key to value
   */
  public Map<String, Object> toHfMap() {
    return EncoderConfigJson.toHfMap(this);
  }
}
