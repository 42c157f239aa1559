package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SURE adapter method injected into the loaded encoder matches PyTorch code that follows the
 * SURE definitions (fixtures from src/test/python/make_adapter_fixtures.py), with every adapter
 * parameter random.
 */
@Tag("parity")
class AdapterParityTest {

  private static final float TOLERANCE = 1e-4f;

  static Stream<Arguments> cases() {
    Map<String, AdapterSpec> specs =
        Map.of(
            "lora", LoraSpec.builder().optRank(8).optAlpha(1).build(),
            "bottleneck",
                BottleneckSpec.builder().optReductionFactor(2).optLayerNorm(false).build(),
            "conv_adapter", ConvAdapterSpec.builder().build(),
            "prefix", PrefixSpec.builder().optLength(30).build());
    return Stream.of("hubert_group_postln", "hubert_layer_preln")
        .flatMap(
            v ->
                Stream.of("lora", "bottleneck", "conv_adapter", "prefix")
                    .map(m -> Arguments.of(v, m, specs.get(m))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void adaptedEncoderMatchesReference(String variant, String method, AdapterSpec spec)
      throws Exception {
    Path dir = Fixtures.encoderDir().resolve(variant);
    float[] a = Fixtures.firstUtterance();
    int width = a.length;
    try (SafetensorsReader fixture = SafetensorsReader.open(dir.resolve("adapters.safetensors"));
        NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(dir, m);
      AdapterModel model = AdapterModel.wrap(encoder).addAdapter(method, spec);
      model.setActiveAdapters(method);
      int set = 0;
      for (Map.Entry<String, Parameter> t : model.adapter(method).tensors().entrySet()) {
        String name = method + "." + t.getKey().substring(Adapter.BASE_PREFIX.length());
        TensorInfo e = fixture.tensors().get(name);
        assertTrue(e != null, "no reference tensor " + name);
        NDArray array = t.getValue().getArray();
        assertArrayEquals(e.shape().getShape(), array.getShape().getShape(), name);
        array.set(fixture.readFloats(name));
        set++;
      }
      long inFixture =
          fixture.names().stream()
              .filter(n -> n.startsWith(method + ".") && !n.endsWith("last_hidden_state"))
              .count();
      assertEquals(inFixture, set, "every reference tensor has a sure4j parameter");

      NDList out =
          model.forward(
              new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, width))), false);
      NDArray last = EncoderOutput.of(out).lastHiddenState();
      TensorInfo ref = fixture.info(method + ".last_hidden_state");
      NDArray expected = m.create(fixture.readFloats(ref.name()), ref.shape());
      float d = expected.sub(last).abs().max().getFloat();
      System.out.printf(
          "%s with %s: last_hidden_state max |diff| = %.3g (max |ref| = %.3g)%n",
          variant, method, d, expected.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, variant + " " + method + ": max |diff| " + d);
    }
  }
}
