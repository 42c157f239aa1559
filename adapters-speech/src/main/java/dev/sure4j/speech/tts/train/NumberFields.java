package dev.sure4j.speech.tts.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the small JSON files of an adaptation directory that hold a few named numbers ({@link
 * VoiceStatsFile}, {@link PaceFile}): a JSON object whose fields are finite numbers, checked before
 * anything uses them.
 */
final class NumberFields {

  private NumberFields() {}

  /**
   * Reads a file's numbers and turns them into a value.
   *
   * @param file the JSON file
   * @param what what the file holds, for the error message (for example {@code voice statistics})
   * @param make turns the numbers, in the order of {@code fields}, into the value; it may throw
   *     {@link IllegalArgumentException} for numbers out of range
   * @param fields the field names
   * @param <T> the value's type
   * @return the value, or empty when there is no such file
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a JSON object with every field a finite number
   *     that {@code make} accepts; the message names the file
   */
  static <T> Optional<T> read(Path file, String what, Function<double[], T> make, String... fields)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JsonElement root = JsonParser.parseString(text);
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonObject o = root.getAsJsonObject();
      double[] v = new double[fields.length];
      for (int i = 0; i < fields.length; i++) {
        JsonElement e = o.get(fields[i]);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
          throw new IllegalArgumentException(fields[i] + " is missing or not a number");
        }
        v[i] = e.getAsDouble();
        if (!Double.isFinite(v[i])) {
          throw new IllegalArgumentException(fields[i] + " is not finite: " + v[i]);
        }
      }
      return Optional.of(make.apply(v));
    } catch (JsonParseException | IllegalArgumentException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(
          file + " is not valid " + what + ": " + why.lines().findFirst().orElse(why), e);
    }
  }
}
