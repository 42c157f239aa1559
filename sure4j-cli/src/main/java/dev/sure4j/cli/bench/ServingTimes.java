package dev.sure4j.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The in-process serving figures on one {@link AdapterModel}: inference time of the bare backbone,
 * with an unmerged LoRA adapter and with the same adapter merged (interleaved, so that load changes
 * hit all three alike), the time to switch the active adapter, and merge/unmerge costs.
 */
final class ServingTimes {

  /** Adapter names used for switching. */
  static final List<String> ADAPTERS = List.of("lora_a", "lora_b", "lora_c", "lora_d");

  private final NDManager manager;
  private final AdapterModel model;
  private final NDArray waves;

  /**
   * Adds four LoRA adapters (SURE defaults, random non-zero {@code lora_B}) to the model.
   *
   * @param manager where the inputs live
   * @param model an initialised model without adapters
   * @param waves the input {@code [batch, samples]}
   */
  ServingTimes(NDManager manager, AdapterModel model, NDArray waves) {
    this.manager = manager;
    this.model = model;
    this.waves = waves;
    Random random = new Random(1);
    for (String name : ADAPTERS) {
      model.addAdapter(name, LoraSpec.builder().build());
      for (Block b : model.adapter(name).blocks().values()) {
        for (Parameter p : b.getParameters().values()) {
          float[] v = new float[(int) p.getArray().size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * 0.01f;
          }
          p.getArray().set(v);
        }
      }
    }
  }

  /** One inference pass, in milliseconds. */
  double pass() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray w = waves.duplicate();
      w.attach(scope);
      return Stopwatch.millis(
          () ->
              model
                  .forward(new ParameterStore(scope, false), new NDList(w), false)
                  .head()
                  .toFloatArray());
    }
  }

  /**
   * Times bare, unmerged-LoRA and merged-LoRA passes in turn.
   *
   * @param warmUp untimed rounds
   * @param repeats timed rounds
   * @return {@code bare}, {@code lora_unmerged}, {@code lora_merged} to their pass times in ms
   */
  Map<String, List<Double>> inference(int warmUp, int repeats) {
    List<Double> bare = new ArrayList<>();
    List<Double> unmerged = new ArrayList<>();
    List<Double> merged = new ArrayList<>();
    String a = ADAPTERS.get(0);
    for (int i = 0; i < warmUp + repeats; i++) {
      model.setActiveAdapters();
      double b = pass();
      model.setActiveAdapters(a);
      double u = pass();
      model.merge(a);
      double m = pass();
      model.unmerge(a);
      if (i >= warmUp) {
        bare.add(b);
        unmerged.add(u);
        merged.add(m);
      }
    }
    model.setActiveAdapters();
    return Map.of("bare", bare, "lora_unmerged", unmerged, "lora_merged", merged);
  }

  /**
   * Times switching the active adapter among the four unmerged LoRA adapters.
   *
   * @param switches timed switches (after as many untimed ones)
   * @return the time of each switch in ms
   */
  List<Double> switches(int switches) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 2 * switches; i++) {
      String next = ADAPTERS.get(i % ADAPTERS.size());
      double t = Stopwatch.millis(() -> model.setActiveAdapters(next));
      if (i >= switches) {
        times.add(t);
      }
    }
    model.setActiveAdapters();
    return times;
  }

  /**
   * Times merging and unmerging one LoRA adapter.
   *
   * @param repeats timed pairs
   * @return {@code merge} and {@code unmerge} to their times in ms
   */
  Map<String, List<Double>> mergeUnmerge(int repeats) {
    List<Double> merge = new ArrayList<>();
    List<Double> unmerge = new ArrayList<>();
    String a = ADAPTERS.get(0);
    for (int i = 0; i < repeats + 2; i++) {
      double m = Stopwatch.millis(() -> model.merge(a));
      double u = Stopwatch.millis(() -> model.unmerge(a));
      if (i >= 2) {
        merge.add(m);
        unmerge.add(u);
      }
    }
    return Map.of("merge", merge, "unmerge", unmerge);
  }

  /**
   * Measures the matrix-multiply rate through DJL: {@code [n, n] x [n, n]} products.
   *
   * @param manager where the matrices live
   * @param n the size
   * @param repeats timed products (after two untimed ones)
   * @return GFLOP/s of each product ({@code 2 n^3} FLOPs)
   */
  static List<Double> matmulGflops(NDManager manager, int n, int repeats) {
    List<Double> rates = new ArrayList<>();
    try (NDManager scope = manager.newSubManager()) {
      NDArray a = scope.randomNormal(new Shape(n, n));
      NDArray b = scope.randomNormal(new Shape(n, n));
      for (int i = 0; i < repeats + 2; i++) {
        double ms = Stopwatch.millis(() -> a.matMul(b).close());
        if (i >= 2) {
          rates.add(2.0 * n * n * n / (ms * 1e6));
        }
      }
    }
    return rates;
  }
}
