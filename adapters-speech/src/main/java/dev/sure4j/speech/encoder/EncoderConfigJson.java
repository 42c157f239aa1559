package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.speech.config.ConfigJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Hugging Face {@code config.json} form of an {@link EncoderConfig}: reading it (typed access
 * to each key, Hugging Face's defaults for keys it defaults itself, errors that name the key and
 * the value) and the keys written back for provenance.
 */
final class EncoderConfigJson {

  private EncoderConfigJson() {}

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param json the JSON text
   * @return the config
   * @throws IllegalArgumentException naming the key and value when a value is missing, invalid or
   *     unsupported
   */
  static EncoderConfig parse(String json) {
    ConfigJson j = ConfigJson.parse(json);
    EncoderConfig.ModelType modelType =
        choice(j, "model_type", EncoderConfig.ModelType.values(), EncoderConfig.ModelType::hfName);
    EncoderConfig.FeatExtractNorm featExtractNorm =
        choice(
            j, "feat_extract_norm", EncoderConfig.FeatExtractNorm.values(), EncoderConfigJson::hf);
    String featAct = j.string("feat_extract_activation", "gelu");
    checkArgument(
        featAct.equals("gelu"),
        "feat_extract_activation '%s' is not supported (supported: gelu)",
        featAct);
    checkArgument(
        !j.bool("conv_pos_batch_norm", false),
        "conv_pos_batch_norm true is not supported (supported: false)");
    checkArgument(!j.bool("add_adapter", false), "add_adapter true is not supported");
    List<Integer> convDim = j.ints("conv_dim");
    if (j.has("num_feat_extract_layers")) {
      int n = j.integer("num_feat_extract_layers");
      checkArgument(
          n == convDim.size(),
          "num_feat_extract_layers %s does not match the %s entries of conv_dim",
          n,
          convDim.size());
    }
    boolean featProjLayerNorm =
        modelType == EncoderConfig.ModelType.WAV2VEC2 || j.bool("feat_proj_layer_norm", true);
    return new EncoderConfig(
        modelType,
        convDim,
        j.ints("conv_kernel"),
        j.ints("conv_stride"),
        j.bool("conv_bias", null),
        featExtractNorm,
        j.bool("do_stable_layer_norm", null),
        featProjLayerNorm,
        j.integer("num_conv_pos_embeddings"),
        j.integer("num_conv_pos_embedding_groups"),
        j.integer("num_hidden_layers"),
        j.integer("num_attention_heads"),
        j.integer("intermediate_size"),
        j.integer("hidden_size"),
        j.number("layer_norm_eps", 1e-5f),
        activation(j.string("hidden_act", "gelu")),
        j.number("hidden_dropout", 0.1f),
        j.number("attention_dropout", 0.1f),
        j.number("activation_dropout", 0.1f),
        j.number("feat_proj_dropout", 0.0f),
        j.number("layerdrop", 0.1f));
  }

  private static AdapterActivation activation(String act) {
    return switch (act) {
      case "gelu" -> AdapterActivation.GELU;
      case "relu" -> AdapterActivation.RELU;
      case "swish", "silu" -> AdapterActivation.SWISH;
      case "tanh" -> AdapterActivation.TANH;
      default ->
          throw new IllegalArgumentException(
              "hidden_act '"
                  + act
                  + "' is not supported (supported: gelu, relu, swish, silu, tanh)");
    };
  }

  /** Reads a required key whose value is one of {@code options}, by its Hugging Face spelling. */
  private static <E> E choice(ConfigJson j, String key, E[] options, Function<E, String> spelling) {
    String value = j.string(key, null);
    List<String> supported = new ArrayList<>();
    for (E option : options) {
      if (spelling.apply(option).equals(value)) {
        return option;
      }
      supported.add(spelling.apply(option));
    }
    throw new IllegalArgumentException(
        String.format(
            "%s '%s' is not supported (supported: %s)", key, value, String.join(", ", supported)));
  }

  /** The Hugging Face spelling of an enum value: its name in lower case. */
  private static String hf(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns a config as the Hugging Face keys it covers.
   *
   * @param c the config
   * @return key to value
   */
  static Map<String, Object> toHfMap(EncoderConfig c) {
    return Map.ofEntries(
        Map.entry("model_type", c.modelType().hfName()),
        Map.entry("conv_dim", c.convDim()),
        Map.entry("conv_kernel", c.convKernel()),
        Map.entry("conv_stride", c.convStride()),
        Map.entry("conv_bias", c.convBias()),
        Map.entry("feat_extract_norm", hf(c.featExtractNorm())),
        Map.entry("do_stable_layer_norm", c.doStableLayerNorm()),
        Map.entry("feat_proj_layer_norm", c.featProjLayerNorm()),
        Map.entry("num_conv_pos_embeddings", c.numConvPosEmbeddings()),
        Map.entry("num_conv_pos_embedding_groups", c.numConvPosEmbeddingGroups()),
        Map.entry("num_hidden_layers", c.numHiddenLayers()),
        Map.entry("num_attention_heads", c.numAttentionHeads()),
        Map.entry("intermediate_size", c.intermediateSize()),
        Map.entry("hidden_size", c.hiddenSize()),
        Map.entry("layer_norm_eps", c.layerNormEps()),
        Map.entry("hidden_act", hf(c.hiddenAct())),
        Map.entry("hidden_dropout", c.hiddenDropout()),
        Map.entry("attention_dropout", c.attentionDropout()),
        Map.entry("activation_dropout", c.activationDropout()),
        Map.entry("feat_proj_dropout", c.featProjDropout()),
        Map.entry("layerdrop", c.layerdrop()));
  }
}
