package dev.sure4j.speech.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpeechEncoderTest {

  private static String config(float dropout, float layerdrop) {
    return config(dropout, layerdrop, 2);
  }

  private static String config(float dropout, float layerdrop, int layers) {
    return "{\"model_type\": \"hubert\", \"conv_dim\": [8, 8, 8], \"conv_kernel\": [10, 3, 2],"
        + " \"conv_stride\": [5, 2, 2], \"conv_bias\": false, \"feat_extract_norm\": \"group\","
        + " \"do_stable_layer_norm\": false, \"num_conv_pos_embeddings\": 4,"
        + " \"num_conv_pos_embedding_groups\": 2, \"num_hidden_layers\": "
        + layers
        + ","
        + " \"num_attention_heads\": 2, \"intermediate_size\": 64, \"hidden_size\": 32,"
        + " \"hidden_dropout\": "
        + dropout
        + ", \"attention_dropout\": "
        + dropout
        + ", \"activation_dropout\": "
        + dropout
        + ", \"feat_proj_dropout\": "
        + dropout
        + ", \"layerdrop\": "
        + layerdrop
        + "}";
  }

  private static SpeechEncoder encoder(NDManager m, float dropout, float layerdrop) {
    SpeechEncoder e = new SpeechEncoder(EncoderConfig.fromJson(config(dropout, layerdrop)));
    e.initialize(m, DataType.FLOAT32, new Shape(1, 400));
    return e;
  }

  private static NDArray speechLike(NDManager m, int batch, int samples) {
    return m.randomNormal(0, 0.1f, new Shape(batch, samples), DataType.FLOAT32);
  }

  @Test
  void injectionPointsAreTheConvolutionsAndTransformerLayersAtHuggingFacePaths() {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0, 0);
      List<String> paths =
          e.injectionPoints().stream().map(InjectionPoint::path).collect(Collectors.toList());
      assertTrue(paths.contains("encoder.layers.0.attention.q_proj"), paths.toString());
      assertTrue(paths.contains("encoder.layers.1.feed_forward.output_dense"), paths.toString());
      assertTrue(paths.contains("encoder.layers.1.post_ffn"), paths.toString());
      assertTrue(paths.contains("feature_extractor.conv_layers.0.conv"), paths.toString());
      assertTrue(paths.contains("encoder.pos_conv_embed.conv"), paths.toString());
      for (InjectionPoint p : e.injectionPoints()) {
        if (p.site() == Site.CONV1D) {
          assertEquals(-1, p.layer(), p.path() + " belongs to no layer");
        } else {
          assertTrue(p.path().startsWith("encoder.layers."), p.path());
        }
      }
    }
  }

  @Test
  void everyAdapterMethodInjectsAndRuns() {
    List<AdapterSpec> specs =
        List.of(
            LoraSpec.builder().build(),
            BottleneckSpec.builder().build(),
            ConvAdapterSpec.builder().build(),
            PrefixSpec.builder().build());
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0, 0);
      NDArray wave = speechLike(m, 2, 1200);
      NDArray base = e.encode(wave, new long[] {1200, 900}).lastHiddenState();
      AdapterModel model = AdapterModel.wrap(e);
      for (int i = 0; i < specs.size(); i++) {
        String name = "a" + i;
        model.addAdapter(name, specs.get(i));
        model.setActiveAdapters(name);
        NDList out =
            model.forward(
                new ParameterStore(m, false),
                new NDList(wave, m.create(new long[] {1200, 900})),
                false);
        EncoderOutput o = EncoderOutput.of(out);
        assertEquals(base.getShape(), o.lastHiddenState().getShape());
        assertTrue(model.trainableParameters().trainable() > 0, specs.get(i).toString());
        float d = o.lastHiddenState().sub(base).abs().max().getFloat();
        System.out.printf(
            "%s active: max |output - base| = %.3g%n", specs.get(i).getClass().getSimpleName(), d);
        if (specs.get(i) instanceof LoraSpec) {
          assertTrue(d < 1e-6f, "LoRA starts as the identity: " + d);
        }
      }
      Map<String, Parameter> all = StateDict.of(e, "");
      assertTrue(
          all.keySet().stream()
              .anyMatch(k -> k.startsWith("encoder.layers.0.attention.q_proj.adapters.a0.")),
          all.keySet().toString());
    }
  }

  @Test
  void frozenFeatureEncoderTakesNoGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0, 0);
      e.freezeFeatureEncoder(true);
      assertTrue(e.isFeatureEncoderFrozen());
      for (Map.Entry<String, Parameter> p : StateDict.of(e, "").entrySet()) {
        assertEquals(
            p.getKey().startsWith("feature_extractor."),
            !p.getValue().requiresGradient(),
            p.getKey());
      }
      NDArray wave = speechLike(m, 1, 800);
      NDArray proj = StateDict.of(e, "").get("feature_projection.projection.weight").getArray();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = e.forward(new ParameterStore(m, false), new NDList(wave), true).get(0);
        gc.backward(y.sum());
      }
      assertTrue(proj.getGradient().abs().sum().getFloat() > 0, "projection trains");
      NDArray conv =
          StateDict.of(e, "").get("feature_extractor.conv_layers.0.conv.weight").getArray();
      assertTrue(
          !conv.hasGradient() || conv.getGradient().abs().sum().getFloat() == 0,
          "the frozen feature encoder takes no gradient");
      e.freezeFeatureEncoder(false);
      assertTrue(
          StateDict.of(e, "").get("feature_extractor.conv_layers.0.conv.weight").requiresGradient(),
          "unfrozen again");
    }
  }

  @Test
  void trainingHonoursDropoutAndLayerdrop() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray wave = speechLike(m, 1, 1200);
      SpeechEncoder dropping = encoder(m, 0.5f, 0);
      ParameterStore store = new ParameterStore(m, false);
      NDArray eval1 = dropping.forward(store, new NDList(wave), false).get(0);
      NDArray eval2 = dropping.forward(store, new NDList(wave), false).get(0);
      NDArray train = dropping.forward(store, new NDList(wave), true).get(0);
      assertEquals(0f, eval1.sub(eval2).abs().max().getFloat(), "inference is deterministic");
      assertTrue(
          eval1.sub(train).abs().max().getFloat() > 1e-3f, "dropout changes training passes");

      SpeechEncoder skipping = encoder(m, 0, Math.nextDown(1f)); // kept with chance 2^-24
      EncoderOutput o = EncoderOutput.of(skipping.forward(store, new NDList(wave), true));
      assertEquals(
          0f,
          o.hiddenStates().get(2).sub(o.hiddenStates().get(0)).abs().max().getFloat(),
          "with layerdrop just below 1 both layers are skipped");
      EncoderOutput inference = EncoderOutput.of(skipping.forward(store, new NDList(wave), false));
      assertTrue(
          inference
                  .hiddenStates()
                  .get(2)
                  .sub(inference.hiddenStates().get(0))
                  .abs()
                  .max()
                  .getFloat()
              > 1e-3f);
    }
  }

  @Test
  void tooShortOrBadLengthsAreClearErrors() {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0, 0);
      IllegalArgumentException shortClip =
          assertThrows(
              IllegalArgumentException.class,
              () -> e.encode(speechLike(m, 2, 800), new long[] {800, 20}));
      assertTrue(
          shortClip
              .getMessage()
              .contains(
                  "utterance 1 has 20 samples, fewer than the encoder's receptive field of 30 samples"),
          shortClip.getMessage());
      IllegalArgumentException tooLong =
          assertThrows(
              IllegalArgumentException.class,
              () -> e.encode(speechLike(m, 1, 800), new long[] {900}));
      assertTrue(
          tooLong.getMessage().contains("length 900 outside [0, 800]"), tooLong.getMessage());
    }
  }

  @Test
  void batchesLeaveNothingOnTheModelManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0.1f, 0.1f);
      int[] counts = new int[4];
      for (int step = 0; step < counts.length; step++) {
        try (NDManager batch = m.newSubManager()) {
          NDArray wave = speechLike(batch, 2, 1200);
          NDList in = new NDList(wave, batch.create(new long[] {1200, 700}));
          e.encode(wave, new long[] {1200, 700});
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = e.forward(new ParameterStore(batch, false), in, true).get(0);
            gc.backward(y.sum());
          }
        }
        counts[step] = ((BaseNDManager) m).getManagedArrays().size();
      }
      System.out.println("arrays on the model manager after each step: " + Arrays.toString(counts));
      assertEquals(counts[0], counts[counts.length - 1], Arrays.toString(counts));
    }
  }

  @Test
  void aSampleMaskEqualsLengths() {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = encoder(m, 0, 0);
      NDArray wave = speechLike(m, 2, 1200);
      NDArray mask = FrameMasks.of(m, new long[] {1200, 700}, 1200);
      ParameterStore store = new ParameterStore(m, false);
      NDArray byMask = e.forward(store, new NDList(wave, mask), false).get(0);
      NDArray byLengths = e.encode(wave, new long[] {1200, 700}).lastHiddenState();
      assertEquals(0f, byMask.sub(byLengths).abs().max().getFloat());
      NDArray leftPadded = mask.flip(1);
      IllegalArgumentException err =
          assertThrows(
              IllegalArgumentException.class,
              () -> e.forward(store, new NDList(wave, leftPadded), false));
      assertTrue(err.getMessage().contains("right padding"), err.getMessage());
    }
  }

  /** Live arrays a pass leaves on the caller's manager with 2 and with 6 transformer layers. */
  private static long[] liveArraysAfterAPass(boolean training) {
    long[] live = new long[2];
    int[] layers = {2, 6};
    for (int i = 0; i < layers.length; i++) {
      try (NDManager m = NDManager.newBaseManager()) {
        SpeechEncoder e = new SpeechEncoder(EncoderConfig.fromJson(config(0, 0, layers[i])));
        e.initialize(m, DataType.FLOAT32, new Shape(1, 400));
        try (NDManager batch = m.newSubManager()) {
          NDArray wave = speechLike(batch, 2, 1600);
          if (training) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray y =
                  e.forward(new ParameterStore(batch, false), new NDList(wave), true).get(0);
              gc.backward(y.sum());
            }
            NDArray g =
                StateDict.of(e, "").get("feature_extractor.conv_layers.0.conv.weight").getArray();
            assertTrue(g.getGradient().abs().sum().getFloat() > 0, "the first layer trains");
          } else {
            e.encode(wave, null);
          }
          live[i] = batch.getManagedArrays().size();
        }
      }
    }
    return live;
  }

  @Test
  void eachLayerLeavesOnlyItsOutputOnTheCallersManager() {
    // 4 more layers add 4 hidden states; their intermediates are freed layer by layer
    long[] inference = liveArraysAfterAPass(false);
    long[] training = liveArraysAfterAPass(true);
    System.out.printf(
        "live arrays after a pass with 2 / 6 layers: inference %s, training %s%n",
        Arrays.toString(inference), Arrays.toString(training));
    assertEquals(4, inference[1] - inference[0], Arrays.toString(inference));
    assertEquals(4, training[1] - training[0], Arrays.toString(training));
  }
}
