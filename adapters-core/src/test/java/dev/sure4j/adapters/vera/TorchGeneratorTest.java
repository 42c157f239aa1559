package dev.sure4j.adapters.vera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sure4j.adapters.io.SafetensorsReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchGenerator} against PyTorch 1.13's own draws, recorded by {@code
 * make_torch_generator_fixtures.py}: every value bit for bit.
 */
class TorchGeneratorTest {

  private static SafetensorsReader fixture() throws Exception {
    return SafetensorsReader.open(resource("torch_generator.safetensors"));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TorchGeneratorTest.class.getResource(name).toURI());
  }

  @Test
  void isTheStandardMersenneTwister() {
    // the C++ standard's check: the 10000th output of a default-seeded std::mt19937
    TorchGenerator g = new TorchGenerator(5489);
    long v = 0;
    for (int i = 0; i < 10000; i++) {
      v = g.nextUnsigned();
    }
    assertEquals(4123659995L, v);
  }

  @Test
  void uniformMatchesTorchBitForBit() throws Exception {
    int checked = 0;
    try (SafetensorsReader r = fixture()) {
      for (String name : r.names()) {
        if (!name.startsWith("uniform.")) {
          continue;
        }
        String[] parts = name.split("\\.");
        long seed = Long.parseLong(parts[1]);
        String[] dims = parts[2].split("x");
        float[] mine =
            new TorchGenerator(seed)
                .kaimingUniform(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]));
        assertBits(name, r.readFloats(name), mine);
        checked++;
      }
    }
    assertEquals(6, checked);
  }

  @Test
  void projectionsDrawAThenBFromOneGenerator() throws Exception {
    try (SafetensorsReader r = fixture()) {
      long[][] cases = {{0, 8, 96, 160}, {2024, 32, 37, 148}};
      for (long[] c : cases) {
        TorchGenerator g = new TorchGenerator(c[0]);
        float[] a = g.kaimingUniform((int) c[1], (int) c[2]);
        float[] b = g.kaimingUniform((int) c[3], (int) c[1]);
        assertBits("kaiming." + c[0] + ".A", r.readFloats("kaiming." + c[0] + ".A"), a);
        assertBits("kaiming." + c[0] + ".B", r.readFloats("kaiming." + c[0] + ".B"), b);
      }
    }
  }

  @Test
  void seedKeepsItsLow32Bits() {
    float[] a = new TorchGenerator(7).uniform(40, -1, 1);
    float[] b = new TorchGenerator((1L << 32) + 7).uniform(40, -1, 1);
    assertBits("seed 2^32 + 7", a, b);
  }

  private static void assertBits(String name, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, name + " length");
    for (int i = 0; i < expected.length; i++) {
      int e = Float.floatToRawIntBits(expected[i]);
      int a = Float.floatToRawIntBits(actual[i]);
      if (e != a) {
        throw new AssertionError(
            name + "[" + i + "]: torch " + expected[i] + ", sure4j " + actual[i]);
      }
    }
  }
}
