package dev.sure4j.adapters.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The torch.save reader against files written by PyTorch 1.13 (tools/make_torch_bin_fixture.py):
 * each tensor must equal, bit for bit, what torch itself made of it ({@code expected.safetensors},
 * float32 and contiguous), and hostile or broken files must be refused with one line naming them.
 */
class TorchCheckpointReaderTest {

  private static Path fixture(String name) throws Exception {
    return Path.of(TorchCheckpointReaderTest.class.getResource(name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"half.bin", "bfloat16.bin", "views.bin", "nested.bin"})
  void everyTensorEqualsTorchsOwnFloat32Conversion(String file) throws Exception {
    try (TorchCheckpointReader r = TorchCheckpointReader.open(fixture(file));
        SafetensorsReader expected = SafetensorsReader.open(fixture("expected.safetensors"))) {
      long listed = expected.names().stream().filter(n -> n.startsWith(file + "/")).count();
      assertEquals(listed, r.tensors().size(), "tensor count of " + file);
      for (String name : r.tensors().keySet()) {
        String key = file + "/" + name;
        float[] want = expected.readFloats(key);
        float[] got = r.readFloats(name);
        assertEquals(expected.info(key).shape(), r.info(name).shape(), key + " shape");
        double maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
          maxDiff = Math.max(maxDiff, want[i] == got[i] ? 0 : Math.abs((double) want[i] - got[i]));
          assertEquals(
              Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), key + " element " + i);
        }
        System.out.printf("%s: %d elements, max |diff| = %s%n", key, got.length, maxDiff);
      }
    }
  }

  @Test
  void halfPrecisionIsKeptAsStoredByReadRaw() throws Exception {
    try (TorchCheckpointReader r = TorchCheckpointReader.open(fixture("half.bin"))) {
      TensorInfo bias = r.info("bias");
      assertEquals(TensorDType.F16, bias.dtype());
      ByteBuffer raw = r.readRaw("bias");
      assertEquals(7 * 2, raw.remaining());
      // 65504 is the largest half: sign 0, exponent 11110, mantissa all ones
      assertEquals((short) 0x7bff, raw.getShort(2 * 2));
      assertEquals((short) 0x7c00, raw.getShort(3 * 2), "1e5 overflows to +inf in float16");
    }
    try (TorchCheckpointReader r = TorchCheckpointReader.open(fixture("bfloat16.bin"))) {
      assertEquals(TensorDType.BF16, r.info("bias").dtype());
      assertEquals(7 * 2, r.readRaw("bias").remaining());
    }
  }

  @Test
  void stridedViewsOfOneStorageReadAsPyTorchSeesThem() throws Exception {
    // the fixture's storage: element i is i * 0.5 - 3.25, 24 elements, viewed as a 4 x 6 matrix
    try (TorchCheckpointReader r = TorchCheckpointReader.open(fixture("views.bin"))) {
      float[] transposed = r.readFloats("transposed");
      assertArrayEquals(new long[] {6, 4}, r.info("transposed").shape().getShape());
      for (int row = 0; row < 6; row++) {
        for (int col = 0; col < 4; col++) {
          assertEquals(storage(col * 6 + row), transposed[row * 4 + col], "transposed " + row);
        }
      }
      float[] slice = r.readFloats("row_slice");
      assertArrayEquals(new long[] {2, 3}, r.info("row_slice").shape().getShape());
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(storage((1 + i) * 6 + 2 + j), slice[i * 3 + j], "row_slice " + i + j);
        }
      }
      float[] everyOther = r.readFloats("every_other");
      assertEquals(11, everyOther.length);
      for (int k = 0; k < 11; k++) {
        assertEquals(storage(3 + 2 * k), everyOther[k], "every_other " + k);
      }
      assertEquals(TensorDType.I64, r.info("positions").dtype());
      assertArrayEquals(new float[] {-3, -2, -1, 0, 1, 2}, r.readFloats("positions"));
      assertEquals(TensorDType.BOOL, r.info("mask").dtype());
      assertArrayEquals(new float[] {1, 0, 1, 1}, r.readFloats("mask"));
      assertEquals(0, r.info("num_batches_tracked").shape().dimension(), "0-d tensor");
      assertArrayEquals(new float[] {7}, r.readFloats("num_batches_tracked"));
      assertEquals(
          r.info("matrix").position() + 8 * 4, r.info("row_slice").position(), "shared storage");
    }
  }

  private static float storage(int i) {
    return i * 0.5f - 3.25f;
  }

  @ParameterizedTest
  @ValueSource(strings = {"malicious.bin:os.system", "malicious_stack_global.bin:builtins.eval"})
  void refusesGlobalsOffTheAllowlistAndRunsNothing(String fileAndGlobal) throws Exception {
    String[] parts = fileAndGlobal.split(":");
    Path marker = Path.of("sure4j-was-pwned");
    assertFalse(Files.exists(marker), "marker exists before the test");
    IOException e =
        assertThrows(IOException.class, () -> TorchCheckpointReader.open(fixture(parts[0])));
    assertTrue(e.getMessage().contains("refusing global '" + parts[1] + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(parts[0]), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(Files.exists(marker), "the pickle's command ran");
  }

  @Test
  void truncatedFileIsOneLineNamingIt(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("pytorch_model.bin");
    Files.copy(fixture("views.bin"), cut);
    try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    IOException e = assertThrows(IOException.class, () -> TorchCheckpointReader.open(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** The views.bin state dict saved in the legacy format, and rewritten with zip64 records. */
  @ParameterizedTest
  @ValueSource(strings = {"legacy.bin", "views_zip64.bin"})
  void otherLayoutsOfTheSameStateDictReadAlike(String file) throws Exception {
    try (TorchCheckpointReader zip = TorchCheckpointReader.open(fixture("views.bin"));
        TorchCheckpointReader legacy = TorchCheckpointReader.open(fixture(file))) {
      assertEquals(zip.tensors().keySet(), legacy.tensors().keySet());
      for (String name : zip.tensors().keySet()) {
        assertEquals(zip.info(name).dtype(), legacy.info(name).dtype(), name);
        assertEquals(zip.info(name).shape(), legacy.info(name).shape(), name);
        assertEquals(zip.readRaw(name), legacy.readRaw(name), name);
      }
    }
  }

  @Test
  void legacyPicklesLargerThanTheFirstWindowAreReadWhole() throws Exception {
    Path legacy = fixture("legacy.bin");
    try (FileChannel ch = FileChannel.open(legacy, StandardOpenOption.READ)) {
      InputLimits mib = InputLimits.builder().optMaxPickleBytes(1 << 20).build();
      ParsedCheckpoint small = LegacyFormat.read(ch, legacy, mib, 16);
      ParsedCheckpoint whole = LegacyFormat.read(ch, legacy, mib, 1 << 20);
      assertEquals(whole.storages(), small.storages());
      assertEquals(
          ParsedCheckpoint.tensors(whole.root(), legacy).keySet(),
          ParsedCheckpoint.tensors(small.root(), legacy).keySet());
      InputLimits tiny = InputLimits.builder().optMaxPickleBytes(64).build();
      IOException e =
          assertThrows(IOException.class, () -> LegacyFormat.read(ch, legacy, tiny, 16));
      assertEquals(
          legacy + ": the pickles take more than 64 bytes (limit maxPickleBytes)", e.getMessage());
    }
  }

  @Test
  void truncatedLegacyFileIsOneLineNamingIt(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("old.bin");
    byte[] all = Files.readAllBytes(fixture("legacy.bin"));
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
    IOException e = assertThrows(IOException.class, () -> TorchCheckpointReader.open(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aPickleThatIsNotACheckpointIsRefused(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("other.bin");
    // pickle.dumps(12345, protocol=2)
    Files.write(other, new byte[] {(byte) 0x80, 2, 'M', 0x39, 0x30, '.'});
    IOException e = assertThrows(IOException.class, () -> TorchCheckpointReader.open(other));
    assertEquals(
        other + ": a pickle, but not a torch.save file (it starts with 12345)", e.getMessage());
  }

  /** Copies views.bin deflating every entry, with extra entries added. */
  private static Path rezip(Path dst, Map<String, String> extra) throws Exception {
    return rezip(dst, extra, UnaryOperator.identity());
  }

  /** Copies views.bin deflating every entry, its pickle edited, with extra entries added. */
  private static Path rezip(Path dst, Map<String, String> extra, UnaryOperator<byte[]> pickle)
      throws Exception {
    try (ZipFile in = new ZipFile(fixture("views.bin").toFile());
        OutputStream os = Files.newOutputStream(dst);
        ZipOutputStream out = new ZipOutputStream(os)) {
      out.setMethod(ZipOutputStream.DEFLATED);
      for (Enumeration<? extends ZipEntry> it = in.entries(); it.hasMoreElements(); ) {
        ZipEntry e = it.nextElement();
        out.putNextEntry(new ZipEntry(e.getName()));
        byte[] body = in.getInputStream(e).readAllBytes();
        out.write(e.getName().endsWith("data.pkl") ? pickle.apply(body) : body);
        out.closeEntry();
      }
      for (Map.Entry<String, String> e : extra.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return dst;
  }

  @Test
  void deflatedEntriesAndNewerPyTorchEntriesReadLikeTheOriginal(@TempDir Path dir)
      throws Exception {
    // PyTorch 2 adds byteorder and .data/serialization_id entries
    Path deflated =
        rezip(
            dir.resolve("deflated.bin"),
            Map.of("views/byteorder", "little", "views/.data/serialization_id", "1234"));
    try (TorchCheckpointReader stored = TorchCheckpointReader.open(fixture("views.bin"));
        TorchCheckpointReader zipped = TorchCheckpointReader.open(deflated)) {
      assertEquals(stored.tensors().keySet(), zipped.tensors().keySet());
      for (String name : stored.tensors().keySet()) {
        assertEquals(stored.readRaw(name), zipped.readRaw(name), name);
      }
    }
  }

  @Test
  void bigEndianFilesAreRefused(@TempDir Path dir) throws Exception {
    Path big = rezip(dir.resolve("big.bin"), Map.of("views/byteorder", "big"));
    IOException e = assertThrows(IOException.class, () -> TorchCheckpointReader.open(big));
    assertEquals(big + ": byteorder is 'big'; only little is read", e.getMessage());
  }

  @Test
  void aStrideZeroViewLargerThanTheFileIsRefusedWhenOpened(@TempDir Path dir) throws Exception {
    // every_other is storage[3::2], shape (11,) stride (2,): make it shape (100000000,) stride (0,)
    byte[] from = {'K', 11, (byte) 0x85, 'q', 30, 'K', 2, (byte) 0x85, 'q', 31};
    byte[] to = {'J', 0, (byte) 0xE1, (byte) 0xF5, 5, (byte) 0x85, 'q', 30, 'K', 0, (byte) 0x85};
    byte[] tail = {'q', 31};
    Path evil =
        rezip(
            dir.resolve("stride0.bin"),
            Map.of(),
            pkl -> {
              int at = indexOf(pkl, from);
              ByteBuffer b =
                  ByteBuffer.allocate(pkl.length + to.length + tail.length - from.length);
              b.put(pkl, 0, at)
                  .put(to)
                  .put(tail)
                  .put(pkl, at + from.length, pkl.length - at - from.length);
              return b.array();
            });
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> TorchCheckpointReader.open(evil));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(e.getMessage() + " (" + millis + " ms)");
    assertTrue(e.getMessage().startsWith(evil + ": tensor 'every_other'"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "reads as 400000000 bytes, more than the file's " + Files.size(evil) + " bytes"),
        e.getMessage());
    assertTrue(millis < 1000, millis + " ms");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }
}
