package dev.sure4j.speech.tts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.train.Gradients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training-mode forward and backward through the whole model: with LoRA active only the LoRA
 * tensors receive updates, the base stays bit for bit, and the FastSpeech 2 loss falls.
 */
class FastSpeechTrainingStepTest extends ManagedTest {

  @Test
  void loraStepsLowerTheLossAndLeaveTheBaseUnchanged() {
    FastSpeechModel model = FastSpeechModelTest.tinyModel(manager);
    AdapterModel a = AdapterModel.wrap(model);
    a.addAdapter("voice", AdapterMethods.variant(Preset.TTS, "lora").spec())
        .setActiveAdapters("voice");
    Map<String, float[]> before = new LinkedHashMap<>();
    a.baseParameters().forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
    List<Parameter> trainable =
        StateDict.of(a, "").values().stream().filter(Parameter::requiresGradient).toList();
    assertEquals(a.trainableParameters().trainable(), count(trainable));

    FastSpeechInput in = TtsBatches.batch(manager, true);
    NDArray melTargets = TtsBatches.melTargets(manager, 0, 2, 8);
    float first = 0;
    float last = 0;
    for (int step = 0; step < 20; step++) {
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        FastSpeechOutput out = model.forward(new ParameterStore(manager, false), in, true);
        NDArray loss = FastSpeechLoss.of(in, out, melTargets).total();
        last = loss.getFloat();
        first = step == 0 ? last : first;
        c.backward(loss);
      }
      assertTrue(Gradients.nonFinite(named(trainable)).isEmpty(), "finite gradients");
      for (Parameter p : trainable) {
        p.getArray().subi(p.getArray().getGradient().mul(0.5f));
      }
      Gradients.clear(trainable);
    }
    System.out.printf("tts LoRA, 20 SGD steps on one batch: loss %.4f -> %.4f%n", first, last);
    assertTrue(last < 0.9f * first, "loss falls: " + first + " -> " + last);
    for (Map.Entry<String, float[]> e : before.entrySet()) {
      if (!e.getKey().contains("running")) {
        assertArrayEquals(
            e.getValue(), a.baseParameters().get(e.getKey()).getArray().toFloatArray(), e.getKey());
      }
    }
  }

  private static long count(List<Parameter> ps) {
    return ps.stream().mapToLong(p -> p.getArray().size()).sum();
  }

  private static Map<String, Parameter> named(List<Parameter> ps) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (int i = 0; i < ps.size(); i++) {
      out.put(i + ":" + ps.get(i).getName(), ps.get(i));
    }
    return out;
  }
}
