package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW against torch.optim.AdamW (fixture written by src/test/python/make_adamw_fixture.py). */
class AdamWTest {

  @Test
  void matchesTorchAdamW() throws Exception {
    Path file = Path.of(AdamWTest.class.getResource("/fixtures/optim/adamw.safetensors").toURI());
    try (SafetensorsReader r = SafetensorsReader.open(file);
        NDManager m = NDManager.newBaseManager()) {
      Map<String, String> meta = r.metadata();
      int steps = Integer.parseInt(meta.get("steps"));
      AdamW adamW =
          AdamW.builder()
              .optLearningRateTracker(Tracker.fixed(Float.parseFloat(meta.get("lr"))))
              .optBeta1(Double.parseDouble(meta.get("beta1")))
              .optBeta2(Double.parseDouble(meta.get("beta2")))
              .optEpsilon(Double.parseDouble(meta.get("eps")))
              .optWeightDecays(Float.parseFloat(meta.get("weight_decay")))
              .build();
      double worst = 0;
      for (String p : List.of("w", "b")) {
        NDArray weight = r.readArray(p + ".init", m);
        for (int k = 1; k <= steps; k++) {
          adamW.update(p, weight, r.readArray(p + ".grad." + k, m));
        }
        double diff = maxAbsDiff(weight.toFloatArray(), r.readFloats(p + ".final"));
        System.out.printf("AdamW vs torch %s, %d steps: max |diff| = %.3e%n", p, steps, diff);
        worst = Math.max(worst, diff);
      }
      assertTrue(worst < 1e-6, "max |diff| " + worst);
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertTrue(a.length == b.length, a.length + " vs " + b.length);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs((double) a[i] - b[i]));
    }
    return d;
  }
}
