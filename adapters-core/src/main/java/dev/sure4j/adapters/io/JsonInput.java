package dev.sure4j.adapters.io;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Guards for reading untrusted text and JSON files (found by the fuzz tests, docs/security.md):
 * strict UTF-8 decoding whose error names the file, a bound on JSON nesting (Gson parses any depth
 * but renders and converts nested values recursively, which overflows the stack), and one-line
 * rendering of names taken from a file.
 */
public final class JsonInput {

  /**
   * The built-in default of {@link InputLimits#maxJsonDepth()}, the deepest nesting of arrays and
   * objects accepted in a JSON file (a config needs 3 or 4).
   */
  public static final int MAX_DEPTH = 64;

  private JsonInput() {}

  /**
   * Reads a whole file as strict UTF-8.
   *
   * @param file the file
   * @return its text
   * @throws IOException when it cannot be read or is not UTF-8; the message is one line naming the
   *     file (and, for bad UTF-8, the byte)
   */
  public static String readUtf8(Path file) throws IOException {
    return readUtf8(file, InputLimits.defaults());
  }

  /**
   * Reads a whole file as strict UTF-8, refusing it before reading when it is larger than {@link
   * InputLimits#maxJsonBytes()}.
   *
   * @param file the file
   * @param limits the limits
   * @return its text
   * @throws IOException as {@link #readUtf8(Path)}, and over the limit, in one line naming the file
   *     and the limit
   */
  public static String readUtf8(Path file, InputLimits limits) throws IOException {
    long size = Files.size(file);
    if (size > limits.maxJsonBytes()) {
      throw new IOException(
          String.format(
              "%s: %d bytes, over the limit of %d (limit maxJsonBytes)",
              file, size, limits.maxJsonBytes()));
    }
    try {
      return strictUtf8(Files.readAllBytes(file));
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (" + e + ")", e);
    }
  }

  /**
   * Decodes bytes as strict UTF-8: a malformed or unmappable sequence is an error, not a
   * replacement character.
   *
   * @param bytes the encoded text
   * @return the text
   * @throws CharacterCodingException when the bytes are not UTF-8
   */
  public static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /**
   * Checks that no array or object nests deeper than the default {@link
   * InputLimits#maxJsonDepth()}, without recursion.
   *
   * @param root a parsed JSON value
   * @param source the file or label, for the message
   * @throws IllegalArgumentException when it nests deeper; the message names the source
   */
  public static void checkDepth(JsonElement root, String source) {
    checkDepth(root, source, InputLimits.defaults());
  }

  /**
   * Checks that no array or object nests deeper than {@link InputLimits#maxJsonDepth()}, without
   * recursion.
   *
   * @param root a parsed JSON value
   * @param source the file or label, for the message
   * @param limits the limits
   * @throws IllegalArgumentException when it nests deeper; the message names the source and the
   *     limit
   */
  public static void checkDepth(JsonElement root, String source, InputLimits limits) {
    int maxDepth = limits.maxJsonDepth();
    Deque<JsonElement> values = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    values.push(root);
    depths.push(0);
    while (!values.isEmpty()) {
      JsonElement e = values.pop();
      int depth = depths.pop();
      if (!e.isJsonArray() && !e.isJsonObject()) {
        continue;
      }
      if (depth >= maxDepth) {
        throw new IllegalArgumentException(
            source
                + ": JSON nests deeper than "
                + maxDepth
                + " arrays or objects (limit maxJsonDepth)");
      }
      Iterable<JsonElement> children =
          e.isJsonArray() ? e.getAsJsonArray() : e.getAsJsonObject().asMap().values();
      for (JsonElement child : children) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }

  /**
   * Renders text taken from a file for a one-line message: line breaks and other control characters
   * become escapes such as {@code \n} and {@code \u0000}.
   *
   * @param text a name or value read from a file
   * @return the text on one line
   */
  public static String oneLine(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
