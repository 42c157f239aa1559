package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model built only from stock DJL blocks takes LoRA on its linear layers and a bottleneck adapter
 * after a named block, trains, saves, and reloads into a freshly wrapped model with equal outputs.
 */
class AdaptableSequentialTest {

  private static final Shape INPUT = new Shape(1, 6);

  @TempDir Path tmp;

  /** A DJL MLP: Linear(6 -> 16), ReLU, [Linear(16 -> 16), ReLU], Linear(16 -> 3). */
  private static SequentialBlock mlp(NDManager manager) {
    SequentialBlock inner =
        new SequentialBlock()
            .add(Linear.builder().setUnits(16).build())
            .add(Activation.reluBlock());
    SequentialBlock m =
        new SequentialBlock()
            .add(Linear.builder().setUnits(16).build())
            .add(Activation.reluBlock())
            .add(inner)
            .add(Linear.builder().optBias(false).setUnits(3).build());
    m.initialize(manager, DataType.FLOAT32, INPUT);
    return m;
  }

  private static NDArray run(Block b, NDArray x) {
    return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
  }

  @Test
  void wrappingKeepsTheOutputsAndDeclaresPytorchStylePoints() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock source = mlp(manager);
      NDArray x = manager.randomNormal(new Shape(4, 6));
      AdaptableSequential wrapped = AdaptableSequential.wrap(source, INPUT, "1", "2.1");
      float diff = maxAbsDiff(run(source, x).toFloatArray(), run(wrapped, x).toFloatArray());
      System.out.printf("DJL MLP wrapped vs original: max abs diff %g%n", diff);
      assertEquals(0f, diff);
      List<String> paths =
          wrapped.injectionPoints().stream().map(InjectionPoint::path).collect(Collectors.toList());
      assertEquals(List.of("0", "post_1", "2.0", "2.post_1", "3"), paths);
      assertEquals(16, wrapped.injectionPoints().get(1).hidden());
      assertEquals(2, wrapped.injectionPoints().get(2).layer());
    }
  }

  @Test
  void loraAndABottleneckTrainSaveAndReload() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock source = mlp(manager);
      AdapterModel a = AdapterModel.wrap(AdaptableSequential.wrap(source, INPUT, "1"));
      a.addAdapter(
          "lora",
          LoraSpec.builder().optRank(2).optTargets(Targets.modules("0", "2.0", "3")).build());
      a.addAdapter(
          "serial",
          BottleneckSpec.builder()
              .optWidth(4)
              .optZeroInitUp(true)
              .optTargets(Targets.modules("post_1"))
              .build());
      a.setActiveAdapters("lora", "serial");
      // LoRA r (in + out) on 6->16, 16->16, 16->3; bottleneck 2 D w + w + D (no layer norm)
      long lora = 2 * (6 + 16) + 2 * (16 + 16) + 2 * (16 + 3);
      long bottleneck = 2 * 16 * 4 + 4 + 16;
      assertEquals(lora + bottleneck, a.trainableParameters().trainable());

      NDArray x = manager.randomNormal(new Shape(8, 6));
      NDArray labels = manager.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1});
      float[] base = run(source, x).toFloatArray();
      float[] before = TinyModels.infer(a, new NDList(x)).toFloatArray();
      Map<String, float[]> baseStart = values(a.baseParameters());
      Map<String, float[]> loraStart = values(a.adapter("lora").tensors());
      assertEquals(0f, maxAbsDiff(base, before), "LoRA B and the bottleneck's up start at zero");
      try (Trainer t = TinyModels.trainer(a, 0.05f, new Shape(8, 6))) {
        for (int i = 0; i < 5; i++) {
          try (NDManager batch = manager.newSubManager()) {
            NDList data = new NDList(batch.create(x.toFloatArray(), x.getShape()));
            TinyModels.step(t, batch, data, new NDList(batch.create(labels.toFloatArray())));
          }
        }
      }
      float[] trained = TinyModels.infer(a, new NDList(x)).toFloatArray();
      assertTrue(maxAbsDiff(base, trained) > 1e-3, "training changed the adapted outputs");
      Map<String, float[]> baseEnd = values(a.baseParameters());
      assertEquals(5, baseStart.size(), "3 weights and 2 biases: " + baseStart.keySet());
      baseStart.forEach((k, v) -> assertArrayEquals(v, baseEnd.get(k), "frozen " + k + " changed"));
      Map<String, float[]> loraEnd = values(a.adapter("lora").tensors());
      assertTrue(
          loraStart.keySet().stream()
              .allMatch(k -> !Arrays.equals(loraStart.get(k), loraEnd.get(k))),
          "every LoRA tensor trained");

      Provenance p = Provenance.builder().setBaseModel("test/djl-mlp").optSeed(3).build();
      AdapterFiles.save(a, "lora", tmp.resolve("lora"), p);
      AdapterFiles.save(a, "serial", tmp.resolve("serial"), p);
      AdapterModel b = AdapterModel.wrap(AdaptableSequential.wrap(source, INPUT, "1"));
      AdapterFiles.load(b, tmp.resolve("lora"), "lora");
      AdapterFiles.load(b, tmp.resolve("serial"), "serial");
      b.setActiveAdapters("lora", "serial");
      assertArrayEquals(trained, TinyModels.infer(b, new NDList(x)).toFloatArray());
    }
  }

  @Test
  void anUnknownResidualNameIsAnErrorListingTheChildren() {
    try (NDManager manager = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> AdaptableSequential.wrap(mlp(manager), INPUT, "7"));
      assertTrue(e.getMessage().contains("[7]") && e.getMessage().contains("2.0"), e.getMessage());
    }
  }

  private static Map<String, float[]> values(Map<String, Parameter> params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
    return out;
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
