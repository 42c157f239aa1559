package dev.sure4j.speech.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.nn.StateDict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderConfigTest {

  private static final String TINY =
      "{\"model_type\": \"wav2vec2\", \"conv_dim\": [8, 8], \"conv_kernel\": [10, 3],"
          + " \"conv_stride\": [5, 2], \"conv_bias\": true, \"feat_extract_norm\": \"layer\","
          + " \"do_stable_layer_norm\": true, \"num_conv_pos_embeddings\": 4,"
          + " \"num_conv_pos_embedding_groups\": 2, \"num_hidden_layers\": 1,"
          + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"hidden_size\": 8}";

  private static String with(String key, String jsonValue) {
    JsonObject o = JsonParser.parseString(TINY).getAsJsonObject();
    if (jsonValue == null) {
      o.remove(key);
    } else {
      o.add(key, JsonParser.parseString(jsonValue));
    }
    return o.toString();
  }

  private static long countParameters(EncoderConfig config) {
    long n = 0;
    for (Parameter p : StateDict.of(new SpeechEncoder(config), "").values()) {
      n += p.getShape().size();
    }
    return n;
  }

  @Test
  void readsTheFixtureConfig() throws Exception {
    Path file =
        Path.of(
            getClass()
                .getResource("/dev/sure4j/speech/encoder/hubert_layer_preln/config.json")
                .toURI());
    EncoderConfig c = EncoderConfig.fromFile(file);
    assertEquals(EncoderConfig.ModelType.HUBERT, c.modelType());
    assertEquals(List.of(10, 3, 3, 3, 3, 2, 2), c.convKernel());
    assertEquals(List.of(5, 2, 2, 2, 2, 2, 2), c.convStride());
    assertEquals(EncoderConfig.FeatExtractNorm.LAYER, c.featExtractNorm());
    assertTrue(c.doStableLayerNorm());
    assertEquals(16, c.numConvPosEmbeddings());
    assertEquals(4, c.numConvPosEmbeddingGroups());
    assertEquals(0.1f, c.layerdrop());
    assertEquals(400, c.receptiveField());
    assertEquals(49, c.frames(16000));
    assertEquals(0, c.frames(399));
    assertEquals(1, c.frames(400));
  }

  @Test
  void hfDefaultsApplyOnlyWhereHuggingFaceDefaultsThem() {
    EncoderConfig c = EncoderConfig.fromJson(TINY);
    assertEquals(1e-5f, c.layerNormEps());
    assertEquals(AdapterActivation.GELU, c.hiddenAct());
    assertEquals(0.0f, c.featProjDropout());
    assertTrue(c.featProjLayerNorm(), "wav2vec2 always has the projection layer norm");
    assertFalse(
        EncoderConfig.fromJson(
                with("model_type", "\"hubert\"").replace("}", ", \"feat_proj_layer_norm\": false}"))
            .featProjLayerNorm());
    assertEquals(
        AdapterActivation.SWISH,
        EncoderConfig.fromJson(with("hidden_act", "\"swish\"")).hiddenAct());
  }

  @Test
  void unsupportedValuesAreErrorsNamingKeyAndValue() {
    assertMessage(
        with("model_type", "\"data2vec-audio\""), "model_type 'data2vec-audio' is not supported");
    assertMessage(with("hidden_act", "\"gelu_new\""), "hidden_act 'gelu_new' is not supported");
    assertMessage(
        with("feat_extract_norm", "\"batch\""), "feat_extract_norm 'batch' is not supported");
    assertMessage(with("feat_extract_activation", "\"relu\""), "feat_extract_activation 'relu'");
    assertMessage(with("conv_pos_batch_norm", "true"), "conv_pos_batch_norm");
    assertMessage(with("hidden_size", null), "config key hidden_size is missing");
    assertMessage(
        with("conv_stride", "[5]"), "conv_dim [8, 8], conv_kernel [10, 3] and conv_stride [5]");
    assertMessage(
        with("num_attention_heads", "3"),
        "hidden_size 8 must be a multiple of num_attention_heads 3");
    assertMessage(with("layerdrop", "1.5"), "layerdrop must be in [0, 1): 1.5");
    assertMessage(with("conv_bias", "\"yes\""), "config key conv_bias must be true or false");
  }

  private static void assertMessage(String json, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EncoderConfig.fromJson(json));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void presetsHaveTheReferenceParameterCounts() {
    // torchaudio.models.hubert_base(): 94,370,944 parameters, 128 of them the positional
    // convolution's weight_g, which sure4j folds into the weight.
    assertEquals(94_370_816L, countParameters(EncoderConfig.base()));
    // torchaudio.models.hubert_large(): 315,434,112 - 128 (weight_g); Hugging Face's HuBERT-large
    // checkpoints have conv_bias true, which adds 7 x 512 biases.
    assertEquals(315_434_112L - 128 + 7 * 512, countParameters(EncoderConfig.large()));
  }

  @Test
  void hfMapRoundTrips() {
    for (EncoderConfig c :
        List.of(EncoderConfig.base(), EncoderConfig.large(), EncoderConfig.fromJson(TINY))) {
      assertEquals(c, EncoderConfig.fromJson(new Gson().toJson(c.toHfMap())));
    }
  }
}
