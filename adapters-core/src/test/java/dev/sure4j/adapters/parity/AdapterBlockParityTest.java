package dev.sure4j.adapters.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.BottleneckSpec;
import dev.sure4j.adapters.ConvAdapterSpec;
import dev.sure4j.adapters.LoraSpec;
import dev.sure4j.adapters.PrefixSpec;
import dev.sure4j.adapters.bottleneck.BottleneckAdapter;
import dev.sure4j.adapters.conv.ConvAdapter;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.lora.LoraDelta;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.SelfAttention;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.prefix.PrefixKeyValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each adapter block computes what PyTorch computes for the same weights. The reference tensors
 * come from src/test/python/make_adapter_block_fixtures.py, which writes the SURE definitions in
 * plain torch.
 */
class AdapterBlockParityTest {

  private static final int D = 32;
  private static final float TOLERANCE = 1e-5f;

  private static NDManager manager;
  private static SafetensorsReader fixtures;

  @BeforeAll
  static void open() throws Exception {
    manager = NDManager.newBaseManager();
    fixtures =
        SafetensorsReader.open(
            Path.of(
                AdapterBlockParityTest.class
                    .getResource("/fixtures/adapters/blocks.safetensors")
                    .toURI()));
  }

  @AfterAll
  static void close() throws IOException {
    fixtures.close();
    manager.close();
  }

  /**
   * Copies the case's weights into the block by StateDict path; any missing or extra name fails.
   */
  private static void load(String caseName, Block block) throws IOException {
    Map<String, Parameter> params = StateDict.of(block, "");
    Set<String> inFile = new TreeSet<>();
    for (String n : fixtures.names()) {
      if (n.startsWith(caseName + "/")) {
        String key = n.substring(caseName.length() + 1);
        if (!List.of("input", "output", "mask").contains(key)) {
          inFile.add(key);
        }
      }
    }
    assertEquals(inFile, new TreeSet<>(params.keySet()), "parameter names of case " + caseName);
    for (String key : inFile) {
      NDArray src = fixtures.readArray(caseName + "/" + key, manager);
      NDArray dst = params.get(key).getArray();
      assertEquals(dst.getShape(), src.getShape(), key);
      dst.set(src.toByteBuffer());
    }
  }

  private static NDArray tensor(String name) throws IOException {
    return fixtures.readArray(name, manager);
  }

  private static void check(String caseName, Block block, NDList inputs) throws IOException {
    load(caseName, block);
    NDArray y = block.forward(new ParameterStore(manager, false), inputs, false).head();
    NDArray expected = tensor(caseName + "/output");
    assertEquals(expected.getShape(), y.getShape());
    float diff = y.sub(expected).abs().max().getFloat();
    System.out.printf("parity %-14s max abs diff %.3g%n", caseName, diff);
    assertTrue(diff <= TOLERANCE, caseName + ": max abs diff " + diff);
  }

  private static <B extends Block> B init(B block, Shape shape) {
    block.initialize(manager, DataType.FLOAT32, shape);
    return block;
  }

  @Test
  void convAdapter() throws IOException {
    ConvAdapter block =
        init(new ConvAdapter(D, 1e-5f, ConvAdapterSpec.builder().build()), new Shape(1, 1, D));
    check("conv", block, new NDList(tensor("conv/input")));
  }

  @Test
  void bottleneck() throws IOException {
    BottleneckAdapter block =
        init(new BottleneckAdapter(D, 1e-5f, BottleneckSpec.builder().build()), new Shape(1, 1, D));
    check("bottleneck", block, new NDList(tensor("bottleneck/input")));
  }

  @Test
  void bottleneckWithLayerNormGeluAndScaling() throws IOException {
    BottleneckSpec spec =
        BottleneckSpec.builder()
            .optWidth(8)
            .optLayerNorm(true)
            .optActivation(AdapterActivation.GELU)
            .optScaling(0.5)
            .build();
    BottleneckAdapter block = init(new BottleneckAdapter(D, 1e-5f, spec), new Shape(1, 1, D));
    check("bottleneck_ln", block, new NDList(tensor("bottleneck_ln/input")));
  }

  @Test
  void lora() throws IOException {
    AdaptableLinear linear = init(new AdaptableLinear(D, 24, true), new Shape(1, D));
    LoraDelta delta =
        init(
            new LoraDelta(D, 24, LoraSpec.builder().optRank(4).optAlpha(8).build()),
            new Shape(1, D));
    linear.attachAdapter("lora", delta);
    linear.setActiveAdapters(List.of("lora"));
    check("lora", linear, new NDList(tensor("lora/input")));
  }

  @Test
  void prefixAttention() throws IOException {
    checkPrefix("prefix", PrefixSpec.builder().optLength(3).optDropout(0).build());
  }

  @Test
  void prefixAttentionWithReparameterisation() throws IOException {
    checkPrefix(
        "prefix_mlp",
        PrefixSpec.builder().optLength(3).optDropout(0).optReparameterize(16).build());
  }

  private static void checkPrefix(String caseName, PrefixSpec spec) throws IOException {
    SelfAttention attention = init(new SelfAttention(D, 4, 0f), new Shape(1, 1, D));
    PrefixKeyValues prefix = init(new PrefixKeyValues(D, spec), new Shape(1, 1, D));
    attention.attachAdapter("prefix", prefix);
    attention.setActiveAdapters(List.of("prefix"));
    check(caseName, attention, new NDList(tensor(caseName + "/input"), tensor(caseName + "/mask")));
  }
}
