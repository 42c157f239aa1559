package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.speech.config.ConfigJson;
import java.util.List;

/**
 * Reads a Hugging Face {@code config.json} into an {@link EncoderConfig}: typed access to each key,
 * Hugging Face's defaults for keys it defaults itself, and errors that name the key and the value.
 */
final class EncoderConfigReader {

  private EncoderConfigReader() {}

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
    String type = j.string("model_type", null);
    EncoderConfig.ModelType modelType =
        switch (type) {
          case "hubert" -> EncoderConfig.ModelType.HUBERT;
          case "wav2vec2" -> EncoderConfig.ModelType.WAV2VEC2;
          default ->
              throw new IllegalArgumentException(
                  "model_type '" + type + "' is not supported (supported: hubert, wav2vec2)");
        };
    String norm = j.string("feat_extract_norm", null);
    EncoderConfig.FeatExtractNorm featExtractNorm =
        switch (norm) {
          case "group" -> EncoderConfig.FeatExtractNorm.GROUP;
          case "layer" -> EncoderConfig.FeatExtractNorm.LAYER;
          default ->
              throw new IllegalArgumentException(
                  "feat_extract_norm '" + norm + "' is not supported (supported: group, layer)");
        };
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
}
