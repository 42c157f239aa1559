package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.adapters.train.Gradients;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Constants inside a forward pass must survive until the backward pass. DJL's {@code mul(Number)}
 * keeps a constant in a Java buffer that the garbage collector may free before backward runs; a
 * collection forced between forward and backward makes that show as non-finite gradients almost
 * every time. Every method's gradients must stay finite here.
 */
class AutogradConstantsTest {

  static Stream<AdapterSpec> specs() {
    return Stream.of(
        LoraSpec.builder().optRank(4).optAlpha(8).build(),
        BottleneckSpec.builder().build(),
        ConvAdapterSpec.builder().optSeReduction(4).build(),
        PrefixSpec.builder().optLength(3).build(),
        PrefixSpec.builder().optLength(3).optReparameterize(8).build(),
        FullFineTuneSpec.all());
  }

  /** Small native blocks filled with NaN bytes, likely to land where freed constants lived. */
  private static void poisonFreedNativeMemory() {
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
      while (b.hasRemaining()) {
        b.put((byte) 0xff);
      }
      held.add(b);
    }
    held.clear();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void gradientsStayFiniteWhenTheCollectorRunsBetweenForwardAndBackward(AdapterSpec spec) {
    try (NDManager root = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      AdapterModel m = AdapterModel.wrap(TinyModels.encoder(root, 16, 4, 2, false));
      m.addAdapter("a", spec).setActiveAdapters("a");
      Map<String, Parameter> trainable = new LinkedHashMap<>();
      StateDict.of(m, "")
          .forEach(
              (k, p) -> {
                if (p.requiresGradient()) {
                  trainable.put(k, p);
                }
              });
      int bad = 0;
      for (int step = 0; step < 20; step++) {
        try (NDManager batch = root.newSubManager()) {
          NDArray x = batch.randomNormal(new Shape(4, 6, 16));
          NDArray mask =
              batch.create(
                  new float[] {
                    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0
                  },
                  new Shape(4, 6));
          try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray y =
                m.forward(new ParameterStore(batch, false), new NDList(x, mask), true).head();
            NDArray loss = y.mul(y).mean();
            System.gc();
            poisonFreedNativeMemory();
            c.backward(loss);
          }
          bad += Gradients.nonFinite(trainable).isEmpty() ? 0 : 1;
          Gradients.clear(List.copyOf(trainable.values()));
        }
      }
      System.out.printf(
          "%s: %d of 20 backward passes with non-finite gradients%n", spec.method(), bad);
      assertEquals(0, bad, spec.method() + ": constants freed before the backward pass");
    }
  }
}
