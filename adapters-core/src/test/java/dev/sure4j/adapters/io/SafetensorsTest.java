package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @TempDir Path tmp;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(SafetensorsTest.class.getResource(name).toURI());
  }

  private Path twoTensors(boolean sorted) throws IOException {
    Path f = tmp.resolve("t.safetensors");
    SafetensorsWriter.create()
        .add("z.weight", new float[] {1, -2, 3.5f, 0.25f, -0f, Float.MIN_VALUE}, new Shape(2, 3))
        .add("a.bias", new float[] {7, 8, 9}, new Shape(3))
        .putMetadata("format", "pt")
        .sortByName(sorted)
        .write(f);
    return f;
  }

  @Test
  void writerOutputIsReadBack() throws IOException {
    Path f = twoTensors(false);
    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertEquals(List.of("z.weight", "a.bias"), List.copyOf(r.names()));
      assertEquals(Map.of("format", "pt"), r.metadata());
      assertEquals(new Shape(2, 3), r.info("z.weight").shape());
      assertEquals(TensorDType.F32, r.info("z.weight").dtype());
      assertArrayEquals(
          new float[] {1, -2, 3.5f, 0.25f, -0f, Float.MIN_VALUE}, r.readFloats("z.weight"));
      assertArrayEquals(new float[] {7, 8, 9}, r.readFloats("a.bias"));
      for (TensorInfo t : r.tensors().values()) {
        assertEquals(0, t.position() % 8, "data of " + t.name() + " is 8-byte aligned");
      }
    }
    try (InputStream in = Files.newInputStream(f)) {
      assertEquals(
          0, ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8);
    }
  }

  @Test
  void sortedWriterOrdersByName() throws IOException {
    try (SafetensorsReader r = SafetensorsReader.open(twoTensors(true))) {
      assertTrue(r.info("a.bias").position() < r.info("z.weight").position());
      assertArrayEquals(new float[] {7, 8, 9}, r.readFloats("a.bias"));
    }
  }

  @Test
  void writerOutputIsReadByDjl() throws IOException {
    Path f = twoTensors(false);
    try (NDManager m = NDManager.newBaseManager();
        InputStream in = Files.newInputStream(f)) {
      NDList list = NDList.decode(m, in);
      assertEquals(2, list.size());
      for (NDArray a : list) {
        if (a.getName().equals("z.weight")) {
          assertEquals(new Shape(2, 3), a.getShape());
          assertArrayEquals(
              new float[] {1, -2, 3.5f, 0.25f, -0f, Float.MIN_VALUE}, a.toFloatArray());
        } else {
          assertEquals("a.bias", a.getName());
          assertArrayEquals(new float[] {7, 8, 9}, a.toFloatArray());
        }
      }
    }
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path f = twoTensors(false);
    SafetensorsWriter.create().add("only", new float[] {5}, new Shape(1)).write(f);
    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertEquals(List.of("only"), List.copyOf(r.names()));
    }
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void readsPythonWrittenDtypes() throws Exception {
    try (SafetensorsReader r = SafetensorsReader.open(fixture("dtypes.safetensors"));
        NDManager m = NDManager.newBaseManager()) {
      assertEquals(Map.of("format", "pt", "source", "torch"), r.metadata());
      assertArrayEquals(TestModels.fill(6, 1), r.readFloats("f32"));
      assertArrayEquals(TestModels.fill(6, 2), r.readFloats("f64"));
      assertArrayEquals(TestModels.fill(4, 3), r.readFloats("f16"));
      assertArrayEquals(TestModels.fill(4, 4), r.readFloats("bf16"));
      assertArrayEquals(new float[] {-3, 0, 5, 1L << 40}, r.readFloats("i64"));
      assertArrayEquals(new float[] {-7, 8, 9, -10}, r.readFloats("i32"));
      assertEquals(TensorDType.BF16, r.info("bf16").dtype());
      assertEquals(new Shape(3, 2), r.info("f64").shape());
      assertEquals(new Shape(), r.info("scalar").shape());
      assertArrayEquals(new float[] {1.5f}, r.readFloats("scalar"));
      NDArray a = r.readArray("f16", m);
      assertEquals("f16", a.getName());
      assertArrayEquals(TestModels.fill(4, 3), a.toFloatArray());
      assertEquals(8, r.readRaw("f16").remaining());
    }
  }

  @Test
  void halfPrecisionSpecialValues() {
    assertEquals(1f, TensorDType.halfToFloat((short) 0x3c00));
    assertEquals(-2f, TensorDType.halfToFloat((short) 0xc000));
    assertEquals(65504f, TensorDType.halfToFloat((short) 0x7bff));
    assertEquals(0x1p-24f, TensorDType.halfToFloat((short) 0x0001));
    assertEquals(0x1p-14f, TensorDType.halfToFloat((short) 0x0400));
    assertEquals(-0f, TensorDType.halfToFloat((short) 0x8000));
    assertEquals(Float.POSITIVE_INFINITY, TensorDType.halfToFloat((short) 0x7c00));
    assertTrue(Float.isNaN(TensorDType.halfToFloat((short) 0x7e00)));
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    Path f = twoTensors(false);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 4));
    IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'a.bias'"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedHeaderNamesFile() throws IOException {
    Path f = twoTensors(false);
    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 20));
    IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("header length"), e.getMessage());
  }

  @Test
  void garbageNamesFile() throws IOException {
    Path f = tmp.resolve("garbage.safetensors");
    Files.writeString(f, "this is not a safetensors file at all, just text");
    IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    Path g = craft("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]", 4);
    e = assertThrows(IOException.class, () -> SafetensorsReader.open(g));
    assertTrue(e.getMessage().startsWith(g + ": malformed safetensors header"), e.getMessage());
  }

  /** Writes a file with the given header and {@code dataBytes} zero bytes of data. */
  private Path craft(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = Files.createTempFile(tmp, "crafted", ".safetensors");
    Files.write(f, b.array());
    return f;
  }

  private void assertRejected(String header, int dataBytes, String... fragments)
      throws IOException {
    Path f = craft(header, dataBytes);
    IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    for (String s : fragments) {
      assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
    }
  }

  @Test
  void rejectsInconsistentHeaders() throws IOException {
    String a = "\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}";
    assertRejected(
        "{" + a + ", \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}",
        12,
        "'b'",
        "overlap");
    assertRejected(
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}",
        8,
        "'a'",
        "[3]",
        "12 bytes");
    assertRejected(
        "{\"a\": {\"dtype\": \"Q4\", \"shape\": [2], \"data_offsets\": [0, 8]}}",
        8,
        "'a'",
        "dtype");
    assertRejected("{" + a + "}", 12, "trailing");
    assertRejected("{" + a + ", " + a + "}", 8, "'a'", "twice");
    assertRejected(
        "{" + a + ", \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [12, 16]}}",
        16,
        "'b'",
        "contiguous");
    assertRejected(
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [2, -1], \"data_offsets\": [0, 8]}}", 8, "'a'");
    assertRejected("{\"__metadata__\": {\"k\": 1}}", 0, "__metadata__");
  }

  @Test
  void readerReportsUnknownTensor() throws IOException {
    try (SafetensorsReader r = SafetensorsReader.open(twoTensors(false))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> r.readFloats("nope"));
      assertTrue(e.getMessage().contains("'nope'"));
    }
  }

  @Test
  void writerRejectsWrongSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SafetensorsWriter.create().add("w", new float[5], new Shape(2, 3)));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("(2, 3)"), e.getMessage());
  }
}
