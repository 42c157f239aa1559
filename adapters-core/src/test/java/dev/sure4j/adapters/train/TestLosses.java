package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Set;

/** Cross-entropy losses that misbehave on purpose, for the training tests. */
final class TestLosses {

  private TestLosses() {}

  /** Cross-entropy that returns NaN on chosen calls (1-based), to simulate a bad batch. */
  static final class NaNOnCalls extends Loss {
    private final Loss inner = Loss.softmaxCrossEntropyLoss();
    private final Set<Integer> bad;
    private int calls;

    NaNOnCalls(Set<Integer> bad) {
      super("NaNOnCalls");
      this.bad = bad;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      NDArray l = inner.evaluate(labels, predictions);
      return bad.contains(++calls) ? l.mul(Float.NaN) : l;
    }
  }

  /** A loss that throws at its {@code n}-th call on a training batch (batch size 2). */
  static final class Crashing extends Loss {
    private final Loss inner = Loss.softmaxCrossEntropyLoss();
    private final int crashAt;
    private int trainCalls;

    Crashing(int crashAt) {
      super("crashing");
      this.crashAt = crashAt;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      if (labels.head().getShape().get(0) == 2 && ++trainCalls == crashAt) {
        throw new IllegalStateException("simulated crash at training batch " + crashAt);
      }
      return inner.evaluate(labels, predictions);
    }
  }
}
