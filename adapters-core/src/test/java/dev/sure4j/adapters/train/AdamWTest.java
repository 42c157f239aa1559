package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** AdamW against torch.optim.AdamW (fixture written by src/test/python/make_adamw_fixture.py). */
@Tag("parity")
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

  /**
   * A thread that never started the engine has libtorch's default grad mode (on), under which an
   * in-place update of a leaf that requires a gradient is refused; serving pools, notebooks and
   * Spark executors train on such threads. The update must work there and give the same values as
   * on the engine's own thread.
   */
  @Test
  void updatesOnAThreadThatDidNotStartTheEngine() throws Exception {
    float[] onMain = stepOnce();
    float[][] onOther = new float[1][];
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            () -> {
              try {
                onOther[0] = stepOnce();
              } catch (Throwable e) {
                failure[0] = e;
              }
            });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("update on a fresh thread failed: " + failure[0], failure[0]);
    }
    assertTrue(maxAbsDiff(onMain, onOther[0]) == 0, "same update on both threads");
  }

  /** One AdamW step on w = [1, 2, 3] with loss sum(w^2), the gradient from autograd. */
  private static float[] stepOnce() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2, 3});
      w.setRequiresGradient(true);
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        c.backward(w.mul(w).sum());
      }
      AdamW.builder()
          .optLearningRateTracker(Tracker.fixed(0.1f))
          .build()
          .update("w", w, w.getGradient());
      return w.toFloatArray();
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
