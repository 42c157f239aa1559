package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.testing.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * 300 training steps with every method active keep the number of live NDArrays flat: no per-batch
 * array may stay attached to the model's or the trainer's manager.
 */
class MemoryStabilityTest {

  private static final int D = 16;

  @Test
  void liveArrayCountStaysFlatOver300Steps() {
    try (NDManager root = NDManager.newBaseManager()) {
      AdapterModel m = AdapterModel.wrap(TinyModels.encoder(root, D, 4, 2, false));
      m.addAdapter("lora", LoraSpec.builder().optDropout(0.1).build());
      m.addAdapter("bottleneck", BottleneckSpec.houlsby());
      m.addAdapter("conv", ConvAdapterSpec.builder().optSeReduction(4).build());
      m.addAdapter("prefix", PrefixSpec.builder().optLength(4).build());
      m.addAdapter(
          "prefix_mlp",
          PrefixSpec.builder().optLength(2).optReparameterize(8).build(),
          TinyModels.head(root, D, 3));
      m.setActiveAdapters("lora", "bottleneck", "conv", "prefix", "prefix_mlp");
      try (Trainer t = TinyModels.trainer(m, 1e-3f, new Shape(2, 6, D), new Shape(2, 6))) {
        long warm = -1;
        for (int step = 0; step < 300; step++) {
          try (NDManager batch = root.newSubManager()) {
            NDList in =
                new NDList(
                    batch.randomNormal(new Shape(2, 6, D)),
                    batch.create(new float[][] {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}}));
            NDList labels = new NDList(batch.create(new float[] {step % 3, (step + 1) % 3}));
            TinyModels.step(t, batch, in, labels);
          }
          long live = live(root, t);
          if (step == 9) {
            warm = live;
          }
          if (step == 299) {
            System.out.printf("live NDArrays after warm-up: %d, after 300 steps: %d%n", warm, live);
            assertEquals(warm, live, "live NDArrays grew during training");
          }
        }
      }
    }
  }

  private static long live(NDManager root, Trainer t) {
    return root.getManagedArrays().size()
        + t.getManager().getManagedArrays().size()
        + t.getModel().getNDManager().getManagedArrays().size();
  }
}
