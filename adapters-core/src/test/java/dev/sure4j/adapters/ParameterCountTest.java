package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.vera.VeraSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts at the SURE geometry (D = 1024, FFN 4096) equal the reference's closed forms.
 */
class ParameterCountTest {

  private static NDManager manager;
  private static AdapterModel model;
  private static long baseCount;

  @BeforeAll
  static void build() {
    manager = NDManager.newBaseManager();
    TransformerEncoder encoder =
        new TransformerEncoder(TransformerLayerConfig.of(1024, 16, 4096), 1);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 1024));
    model = AdapterModel.wrap(encoder);
    baseCount = model.trainableParameters().all();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private long added(String name, AdapterSpec spec) {
    model.addAdapter(name, spec);
    model.setActiveAdapters(name);
    long n = model.trainableParameters().trainable();
    model.deleteAdapter(name);
    return n;
  }

  @Test
  void convAdapterPerLayer() {
    assertEquals(141_824, added("conv", ConvAdapterSpec.builder().build()));
  }

  @Test
  void loraPerLayer() {
    assertEquals(147_456, added("lora", LoraSpec.builder().build()));
  }

  @Test
  void veraPerLayer() {
    // lambda_d [64] and lambda_b [1024] on q_proj and v_proj; the shared matrices do not train
    assertEquals(2 * (64 + 1024), added("vera", VeraSpec.builder().build()));
  }

  @Test
  void bottleneckPerLayer() {
    assertEquals(1_050_112, added("bottleneck", BottleneckSpec.builder().build()));
  }

  @Test
  void prefixPerLayer() {
    assertEquals(30 * 2 * 1024, added("prefix", PrefixSpec.builder().build()));
  }

  @Test
  void baseLayerCount() {
    // attention 4 * (D*D + D), FFN D*F + F + F*D + D, two layer norms 2 * 2D
    long d = 1024;
    long f = 4096;
    assertEquals(4 * (d * d + d) + (d * f + f + f * d + d) + 4 * d, baseCount);
  }

  @Test
  void fullFineTuneTrainsEverything() {
    model.addAdapter("full", FullFineTuneSpec.all());
    model.setActiveAdapters("full");
    ParameterReport r = model.trainableParameters();
    model.deleteAdapter("full");
    assertEquals(baseCount, r.trainable());
    assertEquals(0, model.trainableParameters().trainable());
  }
}
