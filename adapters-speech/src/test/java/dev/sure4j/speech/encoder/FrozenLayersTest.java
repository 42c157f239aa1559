package dev.sure4j.speech.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.FrozenStages;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.MeanPoolHead;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frozen stages under the lowest trainable parameter: counted from the model, cut from the
 * graph, their intermediates freed at once, and the training results unchanged.
 *
 * <p>Before the frozen stages were cut and consumed, a training pass of this encoder with lengths
 * left 26 arrays besides its inputs and outputs in the batch's manager until the step ended (every
 * convolution's output, the projection, the mask factors, the unmasked states, the length masks'
 * parts), which {@link #aTrainingPassKeepsOnlyItsInputsAndOutputs} refuses. The graph test held
 * then too: frozen parameters do not require gradients, so libtorch recorded nothing under the
 * lowest adapter already; it guards that this stays so.
 */
class FrozenLayersTest extends ManagedTest {

  private static final int LAYERS = 4;

  /** Feature extractor, feature projection, positional convolution, post-LN layer norm. */
  private static final int BELOW_LAYERS = 4;

  /** A tiny encoder, post-LN with a group norm or pre-LN with layer norms. */
  private static String config(boolean preNorm) {
    return "{\"model_type\": \"hubert\", \"conv_dim\": [8, 8, 8], \"conv_kernel\": [10, 3, 2],"
        + " \"conv_stride\": [5, 2, 2], \"conv_bias\": false, \"feat_extract_norm\": \""
        + (preNorm ? "layer" : "group")
        + "\", \"do_stable_layer_norm\": "
        + preNorm
        + ", \"num_conv_pos_embeddings\": 4, \"num_conv_pos_embedding_groups\": 2,"
        + " \"num_hidden_layers\": 4, \"num_attention_heads\": 2, \"intermediate_size\": 64,"
        + " \"hidden_size\": 32, \"hidden_dropout\": 0, \"attention_dropout\": 0,"
        + " \"activation_dropout\": 0, \"feat_proj_dropout\": 0, \"layerdrop\": 0}";
  }

  private static AdapterSpec topLayerOnly() {
    return BottleneckSpec.builder().optTargets(Targets.modules("post_ffn").onLayers(3, 3)).build();
  }

  private static AdapterSpec everyLayer() {
    return LoraSpec.builder().build();
  }

  private SpeechEncoder encoder;
  private AdapterModel model;

  private void adapt(AdapterSpec spec) {
    adapt(spec, false);
  }

  private void adapt(AdapterSpec spec, boolean preNorm) {
    Engine.getInstance().setRandomSeed(11);
    encoder = new SpeechEncoder(EncoderConfig.fromJson(config(preNorm)));
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 400));
    model = AdapterModel.wrap(encoder);
    model.addAdapter("a", spec);
    model.setActiveAdapters("a");
    // LoRA's B starts at zero: move every trainable value so that every adapter is in use
    model.getParameters().values().stream()
        .filter(Parameter::requiresGradient)
        .forEach(p -> p.getArray().addi(0.05f));
  }

  private static NDList inputs(NDManager m) {
    NDArray waves = m.randomNormal(0, 0.1f, new Shape(2, 1200), DataType.FLOAT32);
    return new NDList(waves, m.create(new long[] {1200, 900}));
  }

  @Test
  void theFrozenStagesEndAtTheLowestTrainableParameter() {
    adapt(topLayerOnly());
    assertEquals(BELOW_LAYERS + 3, FrozenStages.below(encoder.stages()), "layers 0-2 frozen");
    adapt(everyLayer());
    assertEquals(BELOW_LAYERS, FrozenStages.below(encoder.stages()));
    model.setActiveAdapters();
    assertEquals(BELOW_LAYERS + LAYERS, FrozenStages.below(encoder.stages()), "nothing trains");
    model.addAdapter("full", FullFineTuneSpec.all());
    model.setActiveAdapters("full");
    assertEquals(0, FrozenStages.below(encoder.stages()));
    encoder.freezeFeatureEncoder(true);
    assertEquals(1, FrozenStages.below(encoder.stages()));
    adapt(topLayerOnly(), true);
    // pre-LN: no layer norm before the layers, the final one after them
    assertEquals(BELOW_LAYERS - 1 + 3, FrozenStages.below(encoder.stages()));
  }

  @Test
  void atStepTimeTheEngineTrainsOnlyTheActiveAdapter() {
    // an inactive adapter on every layer, which must not count as trainable
    adapt(everyLayer());
    MeanPoolHead head = new MeanPoolHead(32, 2);
    head.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32));
    model.addAdapter("b", topLayerOnly(), head);
    model.setActiveAdapters("b");
    List<Integer> frozen = new ArrayList<>();
    // DJL's newTrainer may un-freeze a model's parameters; the engine freezes again after it
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(model)
            .setLoss(Loss.softmaxCrossEntropyLoss())
            .setOptimizer(AdamW.builder().build())
            .optFreezing(model::applyFreezing)
            .build()) {
      assertTrue(
          engine.trainable().keySet().stream()
              .allMatch(k -> k.contains(".adapters.b.") || k.startsWith("heads.b.")),
          engine.trainable().keySet().toString());
      engine.run(
          1,
          m -> {
            frozen.add(FrozenStages.below(encoder.stages()));
            return new MicroBatch(inputs(m), new NDList(m.create(new float[] {0, 1})));
          },
          e -> {});
    }
    assertEquals(List.of(BELOW_LAYERS + 3), frozen);
  }

  @Test
  void aTrainingPassKeepsOnlyItsInputsAndOutputs() {
    for (AdapterSpec spec : List.of(topLayerOnly(), everyLayer())) {
      for (boolean preNorm : new boolean[] {false, true}) {
        adapt(spec, preNorm);
        assertOnlyInputsAndOutputsStay(spec.method() + (preNorm ? ", pre-LN" : ", post-LN"));
      }
    }
  }

  private void assertOnlyInputsAndOutputsStay(String what) {
    try (NDManager batch = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList in = inputs(batch);
      NDList out = model.forward(new ParameterStore(batch, false), in, true);
      Set<NDArray> expected = identitySet(in);
      expected.addAll(out);
      // waves, lengths, the frame mask and the L + 1 hidden states (the last one twice in out);
      // no convolution output, projection, mask factor or unmasked state of the frozen part
      assertEquals(3 + LAYERS + 1, expected.size());
      List<NDArray> alive = batch.getManagedArrays();
      List<Shape> extra = new ArrayList<>();
      alive.stream().filter(a -> !expected.contains(a)).forEach(a -> extra.add(a.getShape()));
      assertEquals(List.of(), extra, what + ": arrays alive after the forward pass, besides");
      assertEquals(expected.size(), alive.size(), what + ": arrays alive after the forward pass");
    }
  }

  @Test
  void frozenLayersBelowTheLowestAdapterStayOutOfTheGraph() {
    assertEquals(List.of(false, false, false, false, true), inGraph(topLayerOnly()));
    assertEquals(List.of(false, true, true, true, true), inGraph(everyLayer()));
  }

  /**
   * For each hidden state of a training pass: whether it is in the autograd graph, found by a
   * backward pass from it (DJL's {@code hasGradient} reads {@code requires_grad} of leaves only).
   */
  private List<Boolean> inGraph(AdapterSpec spec) {
    adapt(spec);
    List<Boolean> attached = new ArrayList<>();
    try (NDManager batch = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      EncoderOutput out =
          EncoderOutput.of(model.forward(new ParameterStore(batch, false), inputs(batch), true));
      for (NDArray h : out.hiddenStates()) {
        attached.add(reachesAWeight(h));
      }
    }
    return attached;
  }

  private static boolean reachesAWeight(NDArray h) {
    PtNDArray sum = (PtNDArray) h.sum();
    try {
      JniUtils.backward(sum, (PtNDArray) sum.onesLike(), true, false);
      return true;
    } catch (EngineException e) {
      // libtorch: "element 0 of tensors does not require grad and does not have a grad_fn"
      return false;
    }
  }

  @Test
  void cuttingTheFrozenStagesChangesNoLossAndNoGradient() {
    for (boolean preNorm : new boolean[] {false, true}) {
      adapt(topLayerOnly(), preNorm);
      assertCutChangesNothing();
    }
  }

  private void assertCutChangesNothing() {
    Parameter conv = StateDict.of(encoder, "").get("feature_extractor.conv_layers.0.conv.weight");
    Map<String, float[]> cut = step();
    // a trainable first convolution: nothing is frozen, the whole pass is recorded
    conv.freeze(false);
    assertEquals(0, FrozenStages.below(encoder.stages()));
    Map<String, float[]> whole = step();
    assertTrue(norm(conv.getArray().getGradient().toFloatArray()) > 0, "the graph reached the CNN");
    assertEquals(cut.keySet(), whole.keySet());
    for (String k : cut.keySet()) {
      float[] a = cut.get(k);
      float[] b = whole.get(k);
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i], a[i], 1e-6f * Math.max(1f, Math.abs(b[i])), k + "[" + i + "]");
      }
    }
  }

  /** One forward and backward pass: the loss and the gradient of every adapter parameter. */
  private Map<String, float[]> step() {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, Parameter> adapter = new LinkedHashMap<>();
    StateDict.of(model, "")
        .forEach(
            (k, p) -> {
              if (k.contains(".adapters.a.")) {
                adapter.put(k, p);
              }
            });
    try (NDManager batch = manager.newSubManager()) {
      Engine.getInstance().setRandomSeed(5);
      NDList in = inputs(batch);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray h =
            EncoderOutput.of(model.forward(new ParameterStore(batch, false), in, true))
                .lastHiddenState();
        NDArray loss = h.square().mean();
        values.put("loss", new float[] {loss.getFloat()});
        gc.backward(loss);
      }
      adapter.forEach((k, p) -> values.put(k, p.getArray().getGradient().toFloatArray()));
    }
    adapter.values().forEach(p -> p.getArray().getGradient().subi(p.getArray().getGradient()));
    return values;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static Set<NDArray> identitySet(List<NDArray> arrays) {
    Set<NDArray> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(arrays);
    return set;
  }
}
