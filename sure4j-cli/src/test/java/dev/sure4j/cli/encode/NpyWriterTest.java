package dev.sure4j.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {

  @Test
  void writesTheNpyVersion1LayoutThatNumpyReads(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.npy");
    NpyWriter.write(f, new float[] {1f, -2.5f, 3f, 0f, 5f, 6f}, 2, 3);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, bytes[6]);
    assertEquals(0, bytes[7]);
    int headerLen = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
    String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    assertTrue(header.endsWith("\n"));
    ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(-2.5f, data.getFloat(10 + headerLen + 4));
    assertEquals(10 + headerLen + 24, bytes.length);
  }

  @Test
  void oneDimensionalShapesUseNumpysTupleSyntax() {
    String h = new String(NpyWriter.header(4), 10, 54, StandardCharsets.US_ASCII);
    assertTrue(h.contains("'shape': (4,)"), h);
  }

  @Test
  void rejectsAShapeThatDoesNotHoldTheData(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NpyWriter.write(dir.resolve("y.npy"), new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
  }
}
