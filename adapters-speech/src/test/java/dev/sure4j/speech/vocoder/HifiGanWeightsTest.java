package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.nn.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HifiGanWeightsTest {

  @TempDir Path tmp;

  @Test
  void parameterPathsAreThePyTorchStateDictKeys() throws Exception {
    for (String fixture : new String[] {"resblock1", "resblock2"}) {
      Path dir = VocoderFixtures.dir(fixture + "/folded");
      try (NDManager m = NDManager.newBaseManager();
          SafetensorsReader r = SafetensorsReader.open(dir.resolve(HifiGan.WEIGHTS))) {
        HifiGan v = HifiGan.initialise(HifiGanConfig.fromFile(dir.resolve(HifiGan.CONFIG)), m);
        assertEquals(r.names(), StateDict.of(v.generator(), "").keySet(), fixture);
      }
    }
  }

  @Test
  void aFailedLoadNamesEveryProblemAndLeavesTheGeneratorAsItWas() throws Exception {
    Path good = VocoderFixtures.dir("resblock1");
    SafetensorsWriter w = copyExcept(good, Set.of("ups.1.weight_v", "conv_post.bias"));
    w.add("ups.1.weight_v", new float[16 * 8 * 7], new Shape(16, 8, 7));
    w.add("mpd.discriminators.0.convs.0.weight", new float[2], new Shape(2));
    Path bad = tmp.resolve(HifiGan.WEIGHTS);
    w.write(bad);
    Files.copy(good.resolve(HifiGan.CONFIG), tmp.resolve(HifiGan.CONFIG));

    try (NDManager m = NDManager.newBaseManager()) {
      HifiGan v = HifiGan.load(good, m);
      Map<String, float[]> before = values(v);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HifiGan.load(tmp, m));
      String msg = e.getMessage();
      assertTrue(msg.contains(bad.toString()), msg);
      assertTrue(msg.contains("ups.1.weight_v") && msg.contains("(16, 8, 7)"), msg);
      assertTrue(msg.contains("(16, 8, 8)"), msg);
      assertTrue(msg.contains("missing tensor conv_post.bias (1)"), msg);
      assertTrue(msg.contains("unexpected tensor mpd.discriminators.0.convs.0.weight (2)"), msg);

      e =
          assertThrows(
              IllegalArgumentException.class, () -> HifiGanWeights.load(v.generator(), bad));
      assertEquals(msg, e.getMessage());
      Map<String, float[]> after = values(v);
      assertEquals(before.keySet(), after.keySet());
      for (String k : before.keySet()) {
        assertArrayEquals(before.get(k), after.get(k), k);
      }
    }
  }

  @Test
  void aConfigOfAnotherGeometryIsRejectedWithBothShapes() throws Exception {
    Path good = VocoderFixtures.dir("resblock2");
    Files.writeString(
        tmp.resolve(HifiGan.CONFIG),
        Files.readString(good.resolve(HifiGan.CONFIG))
            .replace("\"num_mels\": 20", "\"num_mels\": 80"));
    Files.copy(good.resolve(HifiGan.WEIGHTS), tmp.resolve(HifiGan.WEIGHTS));
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HifiGan.load(tmp, m));
      assertTrue(
          e.getMessage().contains("conv_pre.weight_v")
              && e.getMessage().contains("(32, 20, 7)")
              && e.getMessage().contains("(32, 80, 7)"),
          e.getMessage());
      assertEquals(2, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void halfAWeightNormPairOrBothFormsAtOnceAreErrors() throws Exception {
    Path good = VocoderFixtures.dir("resblock2");
    SafetensorsWriter w = copyExcept(good, Set.of("ups.0.weight_v"));
    w.add("conv_post.weight", new float[8 * 7], new Shape(1, 8, 7));
    w.write(tmp.resolve(HifiGan.WEIGHTS));
    Files.copy(good.resolve(HifiGan.CONFIG), tmp.resolve(HifiGan.CONFIG));
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HifiGan.load(tmp, m));
      assertTrue(
          e.getMessage().contains("weight norm of ups.0.weight is incomplete: only ups.0.weight_g"),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .contains("conv_post.weight is stored both folded and as weight_g/weight_v"),
          e.getMessage());
    }
  }

  /** Starts a writer with every tensor of a fixture's weights except some. */
  private static SafetensorsWriter copyExcept(Path dir, Set<String> left) throws IOException {
    SafetensorsWriter w = SafetensorsWriter.create();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(HifiGan.WEIGHTS))) {
      for (TensorInfo t : r.tensors().values()) {
        if (!left.contains(t.name())) {
          w.add(t.name(), r.readFloats(t.name()), t.shape());
        }
      }
    }
    return w;
  }

  private static Map<String, float[]> values(HifiGan v) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> p : StateDict.of(v.generator(), "").entrySet()) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }
}
