package dev.sure4j.speech.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.Map;

/**
 * One line of a {@link Manifest}: an audio file and its other columns.
 *
 * @param audio the audio file, resolved against the manifest's directory
 * @param fields every other column by header name (for example {@code label}, {@code transcript})
 * @param line the 1-based line of the manifest the entry comes from, for messages
 */
public record ManifestEntry(Path audio, Map<String, String> fields, int line) {

  /** Validates and copies the values. */
  public ManifestEntry {
    checkArgument(audio != null, "manifest entry at line %s has no audio path", line);
    fields = ImmutableMap.copyOf(fields);
  }

  /**
   * Returns a column's value.
   *
   * @param column the header name
   * @return the value
   * @throws IllegalArgumentException when the manifest has no such column
   */
  public String get(String column) {
    String v = fields.get(column);
    checkArgument(
        v != null,
        "line %s (%s) has no column '%s'; columns: %s",
        line,
        audio,
        column,
        fields.keySet());
    return v;
  }
}
