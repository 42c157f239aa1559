package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.tts.FastSpeechConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link TtsMethod#freezing}: what each method leaves trainable. */
class TtsMethodTest {

  @Test
  void fullFineTuningTrainsTheModelButNeitherRunningStatisticsNorTheAligner() {
    try (NDManager manager = NDManager.newBaseManager()) {
      TtsTrainingBlock block = TtsTrainingBlock.create(manager, FastSpeechConfig.tiny(10), 16);
      AdapterModel a = AdapterModel.wrap(block.model());
      a.addAdapter("voice", TtsMethod.parse("full").spec().orElseThrow())
          .setActiveAdapters("voice");
      TtsMethod.parse("full").freezing(block, Optional.of(a)).run();
      Map<String, Parameter> model = StateDict.of(block.model(), "");
      int running = 0;
      for (Map.Entry<String, Parameter> e : model.entrySet()) {
        Parameter p = e.getValue();
        boolean stat =
            p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
        running += stat ? 1 : 0;
        assertEquals(!stat, p.requiresGradient(), e.getKey());
      }
      // the tiny postnet has 3 batch norms, each with a running mean and variance
      assertEquals(6, running);
      StateDict.of(block.aligner(), "").values().forEach(p -> assertFalse(p.requiresGradient()));
      assertTrue(model.get("speaker_emb.weight").requiresGradient());
    }
  }

  @Test
  void adaptingTheAlignerUnfreezesItAndLeavesTheMethodsModelParametersAsTheyWere() {
    for (TtsMethod method : TtsMethod.values()) {
      if (method.equals(TtsMethod.BASE)) {
        continue;
      }
      Map<String, Boolean> frozenAligner = trainable(method, false);
      Map<String, Boolean> trainedAligner = trainable(method, true);
      assertEquals(frozenAligner.keySet(), trainedAligner.keySet());
      int aligner = 0;
      for (Map.Entry<String, Boolean> e : trainedAligner.entrySet()) {
        if (e.getKey().startsWith("aligner.")) {
          aligner++;
          assertTrue(e.getValue(), method + " " + e.getKey());
          assertFalse(frozenAligner.get(e.getKey()), method + " " + e.getKey());
        } else {
          assertEquals(frozenAligner.get(e.getKey()), e.getValue(), method + " " + e.getKey());
        }
      }
      // the aligner's token table and the weight and bias of its 5 convolutions
      assertEquals(11, aligner, method.id());
    }
  }

  /** Which parameters of a fresh tiny block a method's freezing leaves trainable. */
  private static Map<String, Boolean> trainable(TtsMethod method, boolean trainAligner) {
    try (NDManager manager = NDManager.newBaseManager()) {
      TtsTrainingBlock block = TtsTrainingBlock.create(manager, FastSpeechConfig.tiny(10), 16);
      Optional<AdapterModel> adapters = Optional.empty();
      if (method.spec().isPresent()) {
        AdapterModel a = AdapterModel.wrap(block.model());
        a.addAdapter("voice", method.spec().get()).setActiveAdapters("voice");
        adapters = Optional.of(a);
      }
      method.freezing(block, adapters, trainAligner).run();
      Map<String, Boolean> out = new TreeMap<>();
      StateDict.of(block, "").forEach((k, p) -> out.put(k, p.requiresGradient()));
      return out;
    }
  }
}
