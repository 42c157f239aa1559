package dev.sure4j.cli.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyReader} on the files numpy writes (src/test/resources/npy, made by
 * tools/make_npy_fixtures.py) and on malformed headers.
 */
class NpyReaderTest {

  static final Path FIXTURES = Path.of("src", "test", "resources", "npy");

  private static String header(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return new String(b, 0, Math.min(b.length, 128), StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsEveryFixtureAsNumpyConvertsItToFloat32() throws Exception {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("expected.txt"));
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(";", -1);
      long[] shape =
          f[1].isEmpty()
              ? new long[0]
              : Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
      int[] bits =
          f[2].isEmpty()
              ? new int[0]
              : Arrays.stream(f[2].split(" "))
                  .mapToInt(h -> Integer.parseUnsignedInt(h, 16))
                  .toArray();
      NpyReader.Array a = NpyReader.read(FIXTURES.resolve(f[0]));
      assertArrayEquals(shape, a.shape(), f[0]);
      int[] actual = new int[a.data().length];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = Float.floatToRawIntBits(a.data()[i]);
      }
      assertArrayEquals(bits, actual, f[0]);
      checked++;
    }
    assertEquals(12, checked);
  }

  @Test
  void aLoweredTensorLimitRefusesInOneLineNamingTheFileAndTheLimit() throws Exception {
    Path file = FIXTURES.resolve("le_f8.npy"); // float64 [2, 4] (expected.txt)
    long bytes = 64;
    NpyReader.read(file, InputLimits.builder().optMaxTensorBytes(bytes).build());
    InputLimits tight = InputLimits.builder().optMaxTensorBytes(bytes - 1).build();
    IOException e = assertThrows(IOException.class, () -> NpyReader.read(file, tight));
    assertTrue(e.getMessage().startsWith(file + ": shape "), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "needs "
                    + bytes
                    + " data bytes, more than the limit of "
                    + (bytes - 1)
                    + " (limit maxTensorBytes)"),
        e.getMessage());
  }

  @Test
  void fortranOrderAndOtherVersionsGiveTheCOrderArray() throws Exception {
    NpyReader.Array c = NpyReader.read(FIXTURES.resolve("c_f4.npy"));
    for (String name : List.of("fortran_f4.npy", "transposed_f4.npy")) {
      assertTrue(header(FIXTURES.resolve(name)).contains("'fortran_order': True"), name);
      NpyReader.Array a = NpyReader.read(FIXTURES.resolve(name));
      assertArrayEquals(c.shape(), a.shape(), name);
      assertArrayEquals(c.data(), a.data(), name);
    }
    for (String name : List.of("v2_f4.npy", "v3_f4.npy", "be_f4.npy")) {
      assertArrayEquals(c.data(), NpyReader.read(FIXTURES.resolve(name)).data(), name);
    }
    assertEquals(2, header(FIXTURES.resolve("v2_f4.npy")).charAt(6));
    assertEquals(3, header(FIXTURES.resolve("v3_f4.npy")).charAt(6));
    float[] le = NpyReader.read(FIXTURES.resolve("le_f2.npy")).data();
    assertArrayEquals(le, NpyReader.read(FIXTURES.resolve("be_f2.npy")).data());
    assertEquals(1f / (1 << 24), le[7], "the smallest subnormal half");
    assertEquals(65504f, le[5], "the largest half");
  }

  @Test
  void refusesOtherDtypesNamingTheFileAndTheDtype() {
    for (String[] c : new String[][] {{"int32.npy", "'<i4'"}, {"complex64.npy", "'<c8'"}}) {
      Path file = FIXTURES.resolve(c[0]);
      IOException e = assertThrows(IOException.class, () -> NpyReader.read(file));
      assertTrue(e.getMessage().startsWith(file + ": dtype " + c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  /** A version 1.0 file with this header dict and {@code dataBytes} zero bytes of data. */
  private static Path npy(Path dir, String dict, int dataBytes) throws IOException {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) text.length).put(text);
    Path file = dir.resolve("x" + dict.hashCode() + ".npy");
    Files.write(file, b.array());
    return file;
  }

  private static String refusal(Path file) {
    IOException e = assertThrows(IOException.class, () -> NpyReader.read(file));
    String m = e.getMessage();
    assertTrue(m.startsWith(file + ": "), m);
    assertFalse(m.contains("\n"), m);
    return m;
  }

  @Test
  void refusesMalformedHeadersInOneLine(@TempDir Path dir) throws Exception {
    String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': ";
    assertTrue(refusal(npy(dir, f4 + "(-1, 3), }", 0)).contains("bad dimension"));
    assertTrue(refusal(npy(dir, f4 + "(4611686018427387904, 4), }", 0)).contains("too large"));
    assertTrue(refusal(npy(dir, f4 + "(65536, 65536), }", 0)).contains("too large"));
    assertTrue(refusal(npy(dir, f4 + "(99999999999999999999,), }", 0)).contains("out of range"));
    assertTrue(refusal(npy(dir, f4 + "(2, 3), }", 20)).contains("needs 24 data bytes"));
    assertTrue(refusal(npy(dir, f4 + "(2, 3)", 24)).contains("not followed by"));
    assertTrue(refusal(npy(dir, "{'descr': '<f4', 'shape': (2,), }", 8)).contains("keys"));
    assertTrue(
        refusal(npy(dir, "{'descr': '<f4', 'fortran_order': 'True', 'shape': (2,), }", 8))
            .contains("fortran_order"));
    assertTrue(
        refusal(npy(dir, "{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }", 8))
            .contains("dtype '=f4'"));
    assertTrue(
        refusal(npy(dir, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8))
            .contains("dtype '[('a', '<f4')]'"));
    Path beyond = npy(dir, f4 + "(2,), }", 8);
    byte[] b = Files.readAllBytes(beyond);
    b[8] = (byte) 0xff;
    b[9] = (byte) 0xff;
    Files.write(beyond, b);
    assertTrue(refusal(beyond).contains("header length 65535 goes beyond"));
  }

  @Test
  void readsPython2LongDimensionsAndZeroDimensionalArrays(@TempDir Path dir) throws Exception {
    NpyReader.Array a =
        NpyReader.read(npy(dir, "{'descr': '<f8', 'fortran_order': True, 'shape': (2L, 1L)}", 16));
    assertArrayEquals(new long[] {2, 1}, a.shape());
    assertArrayEquals(new float[2], a.data());
    NpyReader.Array scalar = NpyReader.read(FIXTURES.resolve("scalar_f4.npy"));
    assertArrayEquals(new long[0], scalar.shape());
    assertArrayEquals(new float[] {2.75f}, scalar.data());
  }

  @Test
  void reordersColumnMajorValuesOfAnyRank() {
    // [2, 3] column-major: a00 a10 a01 a11 a02 a12
    assertArrayEquals(
        new float[] {0, 2, 4, 1, 3, 5},
        NpyReader.toRowMajor(new float[] {0, 1, 2, 3, 4, 5}, new long[] {2, 3}));
    float[] cube = new float[24];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          cube[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        }
      }
    }
    float[] rowMajor = NpyReader.toRowMajor(cube, new long[] {2, 3, 4});
    assertEquals(123f, rowMajor[1 * 12 + 2 * 4 + 3]);
    assertEquals(12f, rowMajor[0 * 12 + 1 * 4 + 2]);
  }
}
