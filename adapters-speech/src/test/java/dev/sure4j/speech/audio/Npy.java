package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads little-endian float32 NumPy {@code .npy} files (format 1.0) and test resources. */
public final class Npy {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** A float32 array and its shape. */
  public record Array(int[] shape, float[] data) {}

  private Npy() {}

  static byte[] resource(String name) {
    try (InputStream in = Npy.class.getResourceAsStream("/audio/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /audio/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resourcePath(String name) {
    try {
      return Path.of(Npy.class.getResource("/audio/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Array read(String name) {
    byte[] b = resource(name);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (b[0] != (byte) 0x93 || b[1] != 'N' || b[6] != 1) {
      throw new IllegalStateException(name + ": not a version 1 .npy file");
    }
    int headerLen = Short.toUnsignedInt(buf.getShort(8));
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
      throw new IllegalStateException(name + ": expected C-order <f4, header " + header);
    }
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new IllegalStateException(name + ": no shape in " + header);
    }
    int[] shape =
        Arrays.stream(m.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray();
    int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    float[] data = new float[n];
    buf.position(10 + headerLen);
    buf.asFloatBuffer().get(data);
    return new Array(shape, data);
  }

  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  /**
   * Prints a result's max abs difference from its reference, as {@code "<what>: max abs diff vs
   * <source> <diff>"}, and checks that it lies below a tolerance.
   *
   * @param what the comparison, e.g. the computation and the sample count
   * @param source what computed {@code expected}, e.g. {@code torchaudio}
   * @param actual the result
   * @param expected the reference, as long as {@code actual}
   * @param tolerance the bound, exclusive
   */
  public static void assertMaxAbsDiffBelow(
      String what, String source, float[] actual, float[] expected, double tolerance) {
    double diff = maxAbsDiff(actual, expected);
    System.out.printf("%s: max abs diff vs %s %.3g%n", what, source, diff);
    assertTrue(diff < tolerance, "max abs diff " + diff);
  }
}
