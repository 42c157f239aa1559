package dev.sure4j.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.mixed.MixedBatch;
import dev.sure4j.adapters.model.AdapterModel;
import java.util.List;
import java.util.Map;

/** The contract of per-row adapters in one batch: each row equals its adapter run alone. */
public final class MixedRows {

  private MixedRows() {}

  /**
   * Runs a two-row batch with adapter {@code a} on row 0 and {@code b} on row 1 ({@link
   * MixedBatch}), and asserts each row's output is within 1e-5 (max abs difference) of the same row
   * with only its adapter active; prints both differences. Leaves no adapter active.
   *
   * @param what the label printed with the differences
   * @param m a model holding adapters {@code a} and {@code b}
   * @param x the batch, two rows
   */
  public static void assertEqualEachAdapterAlone(String what, AdapterModel m, NDArray x) {
    m.setActiveAdapters("a");
    NDArray aloneA = infer(m, x).get("0:1");
    m.setActiveAdapters("b");
    NDArray aloneB = infer(m, x).get("1:2");
    m.setActiveAdapters();
    Map<String, NDList> mixed =
        MixedBatch.forward(
            m,
            new ParameterStore(x.getManager(), false),
            new NDList(x),
            RowAdapters.of(List.of("a", "b")));
    float da = aloneA.sub(mixed.get("a").head()).abs().max().getFloat();
    float db = aloneB.sub(mixed.get("b").head()).abs().max().getFloat();
    System.out.printf("%s, mixed rows vs alone: %.3g, %.3g%n", what, da, db);
    assertTrue(da < 1e-5f && db < 1e-5f, da + " " + db);
  }

  private static NDArray infer(AdapterModel m, NDArray x) {
    return m.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
  }
}
