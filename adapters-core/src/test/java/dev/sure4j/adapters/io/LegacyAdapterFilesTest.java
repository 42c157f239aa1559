package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adapter files written by sure4j before the method registry (format version 1, committed under
 * {@code legacy_v1/}, one per method, on a 2-layer pre-LN encoder with D = 16 and a mean-pool head)
 * still load, and reproduce the outputs the old code recorded beside them, to float32 rounding: the
 * recording machine's kernels and this machine's may sum in another order (1e-6 apart here, values
 * near 1), so equality to the last bit would hold on one kernel path only.
 */
@Tag("parity")
class LegacyAdapterFilesTest extends ManagedTest {

  private static Path fixture() throws URISyntaxException {
    return Path.of(LegacyAdapterFilesTest.class.getResource("legacy_v1").toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lora", "bottleneck", "conv", "prefix", "full", "head_only"})
  void filesFromTheFirstFormatLoadAndReproduceTheirOutputs(String method)
      throws IOException, URISyntaxException {
    AdapterModel model = AdapterModel.wrap(TinyModels.encoder(manager, 16, 4, 2, true));
    try (SafetensorsReader r =
        SafetensorsReader.open(fixture().resolve("base_and_io.safetensors"))) {
      for (var e : model.baseParameters().entrySet()) {
        e.getValue().getArray().set(FloatBuffer.wrap(r.readFloats(e.getKey())));
      }
      NDList in = new NDList(r.readArray("input.x", manager), r.readArray("input.mask", manager));
      float[] expected = r.readFloats("output." + method);
      AdapterFiles.load(model, fixture().resolve(method), method, TinyModels.head(manager, 16, 3));
      model.setActiveAdapters(method);
      float[] actual = TinyModels.infer(model, in).toFloatArray();
      System.out.printf(
          "legacy %s file: max |recorded - loaded| = %g%n",
          method, TestModels.maxAbsDiff(expected, actual));
      assertEquals(expected.length, actual.length);
      assertArrayEquals(expected, actual, 1e-5f, method);
    }
  }
}
