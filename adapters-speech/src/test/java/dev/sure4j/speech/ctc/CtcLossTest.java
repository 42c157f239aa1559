package dev.sure4j.speech.ctc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parity of {@link CtcLoss} with PyTorch's {@code ctc_loss} on committed fixtures. */
@Tag("parity")
class CtcLossTest {

  private static NDList fixture(NDManager m, String name) throws IOException {
    try (InputStream in =
        CtcLossTest.class.getResourceAsStream("/fixtures/ctc/" + name + ".safetensors")) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      return NDList.decode(m, in);
    }
  }

  private static NDArray get(NDList list, String name) {
    for (NDArray a : list) {
      if (name.equals(a.getName())) {
        return a;
      }
    }
    throw new IllegalArgumentException("no tensor " + name);
  }

  private static float maxAbs(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  private static float maxAbs(float[] a) {
    float d = 0;
    for (float v : a) {
      d = Math.max(d, Math.abs(v));
    }
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"uneven", "repeats", "empty_target", "impossible", "blank_last"})
  void lossAndGradientMatchPytorch(String name) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList f = fixture(m, name);
      int blank = (int) get(f, "blank").toLongArray()[0];
      boolean zeroInf = get(f, "zero_infinity").toLongArray()[0] != 0;
      NDArray logits = get(f, "logits");
      NDArray targets = get(f, "targets");
      NDArray inLen = get(f, "input_lengths");
      NDArray tLen = get(f, "target_lengths");

      CtcLoss none = new CtcLoss("ctc", blank, CtcReduction.NONE, zeroInf);
      CtcLoss sum = new CtcLoss("ctc", blank, CtcReduction.SUM, zeroInf);
      CtcLoss mean = new CtcLoss("ctc", blank, CtcReduction.MEAN, zeroInf);
      NDArray lp = logits.logSoftmax(2);
      float[] refNone = get(f, "loss_none").toFloatArray();
      float dNone = maxAbs(none.compute(lp, targets, inLen, tLen).toFloatArray(), refNone);
      float dSum =
          maxAbs(
              sum.compute(lp, targets, inLen, tLen).toFloatArray(),
              get(f, "loss_sum").toFloatArray());

      float[] grad;
      float lossMean;
      NDArray x = logits.duplicate();
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = mean.compute(x.logSoftmax(2), targets, inLen, tLen);
        gc.backward(loss);
        lossMean = loss.getFloat();
      }
      grad = x.getGradient().toFloatArray();
      float[] refGrad = get(f, "grad_mean").toFloatArray();

      // gradient with respect to the log-probs as a free input
      NDArray lpLeaf = logits.logSoftmax(2);
      lpLeaf.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(mean.compute(lpLeaf, targets, inLen, tLen));
      }
      float[] refLpGrad = get(f, "grad_logprobs_mean").toFloatArray();
      float dLpGrad = maxAbs(lpLeaf.getGradient().toFloatArray(), refLpGrad);
      float dMean = Math.abs(lossMean - get(f, "loss_mean").toFloatArray()[0]);
      float dGrad = maxAbs(grad, refGrad);
      System.out.printf(
          "CTC %-12s max|diff| loss none %.3e sum %.3e mean %.3e, grad logits %.3e (max %.3e),"
              + " grad log-probs %.3e (max %.3e)%n",
          name, dNone, dSum, dMean, dGrad, maxAbs(refGrad), dLpGrad, maxAbs(refLpGrad));
      for (float g : grad) {
        assertFalse(Float.isNaN(g) || Float.isInfinite(g), "gradient not finite");
      }
      assertTrue(dNone <= 1e-4f * Math.max(1f, maxAbs(refNone)), name + " loss none " + dNone);
      assertTrue(dSum <= 1e-4f * Math.max(1f, get(f, "loss_sum").toFloatArray()[0]), "sum");
      assertTrue(dMean <= 1e-4f * Math.max(1f, lossMean), name + " loss mean " + dMean);
      assertTrue(dGrad <= 1e-4f * Math.max(1f, maxAbs(refGrad)), name + " grad " + dGrad);
      assertTrue(
          dLpGrad <= 1e-4f * Math.max(1f, maxAbs(refLpGrad)), name + " log-prob grad " + dLpGrad);
    }
  }

  @Test
  void impossibleAlignmentIsInfiniteWithoutZeroInfinity() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList f = fixture(m, "impossible");
      CtcLoss none = new CtcLoss("ctc", 0, CtcReduction.NONE, false);
      float[] l =
          none.compute(
                  get(f, "logits").logSoftmax(2),
                  get(f, "targets"),
                  get(f, "input_lengths"),
                  get(f, "target_lengths"))
              .toFloatArray();
      assertEquals(Float.POSITIVE_INFINITY, l[0]);
      assertEquals(get(f, "loss_none").toFloatArray()[1], l[1], 1e-3f);
    }
  }

  @Test
  void evaluateUsesLabelsAndPredictionsLists() {
    try (NDManager m = NDManager.newBaseManager()) {
      // one frame, one label: the loss is -log p(label) at that frame
      NDArray lp = m.create(new float[] {0.2f, 0.7f, 0.1f}, new Shape(1, 1, 3)).log();
      NDArray loss =
          CtcLoss.create()
              .evaluate(
                  new NDList(m.create(new long[][] {{1}}), m.create(new long[] {1})),
                  new NDList(lp));
      assertEquals(-Math.log(0.7), loss.getFloat(), 1e-6);
    }
  }

  @Test
  void rejectsBlankInTargetsAndBadLengths() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray lp = m.zeros(new Shape(1, 4, 3));
      CtcLoss loss = CtcLoss.create();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  loss.compute(
                      lp,
                      m.create(new long[][] {{0}}),
                      m.create(new long[] {4}),
                      m.create(new long[] {1})));
      assertTrue(e.getMessage().contains("non-blank"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              loss.compute(
                  lp,
                  m.create(new long[][] {{1}}),
                  m.create(new long[] {5}),
                  m.create(new long[] {1})));
    }
  }

  @Test
  void greedyDecodingCollapsesRepeatsAndDropsBlanks() {
    CtcGreedyDecoder d = new CtcGreedyDecoder(0);
    // path 1 1 0 1 2 2 0 0 3 -> collapse repeats: 1 0 1 2 0 3 -> drop blanks: 1 1 2 3
    assertArrayEquals(new int[] {1, 1, 2, 3}, d.collapse(new int[] {1, 1, 0, 1, 2, 2, 0, 0, 3}));
    try (NDManager m = NDManager.newBaseManager()) {
      // batch of 2, 4 frames, 3 classes; argmax paths: [1,1,2,2] and [2,0,2,1] with length 3
      float[] s = {
        0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, //
        0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0
      };
      List<int[]> out = d.decode(m.create(s, new Shape(2, 4, 3)), new long[] {4, 3});
      assertArrayEquals(new int[] {1, 2}, out.get(0));
      assertArrayEquals(new int[] {2, 2}, out.get(1));
    }
  }
}
