package dev.sure4j.speech.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.JsonInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A data-set manifest: one audio file per line with its labels or transcript.
 *
 * <p>Formats, chosen by the file name: {@code .csv} (comma-separated, RFC 4180 quoting), {@code
 * .tsv} (tab-separated, no quoting) and {@code .jsonl} (one JSON object per line). CSV and TSV need
 * a header line; every format needs a {@code path} column. Relative paths are resolved against the
 * manifest's directory. Lines whose audio file does not exist are left out and counted ({@link
 * #missing()}), so a partly copied corpus still loads; a malformed line is an error that names the
 * file and the line.
 */
public final class Manifest {

  /** The column that holds the audio path. */
  public static final String PATH = "path";

  private final Path file;
  private final List<String> columns;
  private final List<ManifestEntry> entries;
  private final List<String> missing;

  private Manifest(
      Path file, List<String> columns, List<ManifestEntry> entries, List<String> missing) {
    this.file = file;
    this.columns = ImmutableList.copyOf(columns);
    this.entries = ImmutableList.copyOf(entries);
    this.missing = ImmutableList.copyOf(missing);
  }

  /**
   * Reads a manifest.
   *
   * @param file a {@code .csv}, {@code .tsv} or {@code .jsonl} file
   * @return the manifest
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException for an unknown extension or a malformed line (the message
   *     names the file and line)
   */
  public static Manifest read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    checkArgument(
        name.endsWith(".jsonl") || name.endsWith(".csv") || name.endsWith(".tsv"),
        "%s: unknown manifest format; use .csv, .tsv or .jsonl",
        file);
    List<String> lines = JsonInput.readUtf8(file).lines().toList();
    List<Map<String, String>> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    List<String> columns;
    if (name.endsWith(".jsonl")) {
      columns = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          Map<String, String> row = jsonRow(file, i + 1, lines.get(i));
          row.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
          rows.add(row);
          lineNumbers.add(i + 1);
        }
      }
    } else {
      boolean csv = name.endsWith(".csv");
      checkArgument(!lines.isEmpty(), "%s is empty: a header line is needed", file);
      columns = split(file, 1, lines.get(0), csv);
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        List<String> values = split(file, i + 1, lines.get(i), csv);
        checkArgument(
            values.size() == columns.size(),
            "%s line %s has %s columns, the header has %s (%s)",
            file,
            i + 1,
            values.size(),
            columns.size(),
            columns);
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
          row.put(columns.get(c), values.get(c));
        }
        rows.add(row);
        lineNumbers.add(i + 1);
      }
    }
    checkArgument(
        columns.contains(PATH),
        "%s has no '%s' column; columns: %s",
        file,
        PATH,
        JsonInput.oneLine(columns.toString()));
    Path dir = file.toAbsolutePath().getParent();
    List<ManifestEntry> entries = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      Map<String, String> row = new LinkedHashMap<>(rows.get(r));
      String p = row.remove(PATH);
      checkArgument(
          p != null && !p.isBlank(), "%s line %s has an empty path", file, lineNumbers.get(r));
      Path audio;
      try {
        audio = dir.resolve(p).normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(
            String.format(
                "%s line %s: '%s' is not a valid path (%s)",
                file, lineNumbers.get(r), JsonInput.oneLine(p), JsonInput.oneLine(e.getReason())),
            e);
      }
      if (Files.isRegularFile(audio)) {
        entries.add(new ManifestEntry(audio, row, lineNumbers.get(r)));
      } else {
        missing.add(p);
      }
    }
    return new Manifest(file, columns, entries, missing);
  }

  private static Map<String, String> jsonRow(Path file, int line, String text) {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(text);
      checkArgument(e.isJsonObject(), "%s line %s is not a JSON object", file, line);
      JsonInput.checkDepth(e, file + " line " + line);
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + " line " + line + " is not valid JSON: " + why, e);
    }
    Map<String, String> row = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      checkArgument(
          v.isJsonPrimitive() || v.isJsonNull(),
          "%s line %s: field '%s' must be a string or number",
          file,
          line,
          JsonInput.oneLine(e.getKey()));
      row.put(e.getKey(), v.isJsonNull() ? "" : v.getAsString());
    }
    return row;
  }

  /**
   * Splits one line of a delimited file: at tabs for TSV (no quoting); at commas for CSV, with RFC
   * 4180 double-quote quoting ({@code ""} inside quotes is one quote).
   *
   * @param file the file, for messages
   * @param line the 1-based line number, for messages
   * @param text the line without its line terminator
   * @param csv true for CSV, false for TSV
   * @return the fields, in order (an empty line gives one empty field)
   * @throws IllegalArgumentException when a CSV quoted field is not terminated (the message names
   *     the file and line)
   */
  public static List<String> split(Path file, int line, String text, boolean csv) {
    List<String> out = new ArrayList<>();
    if (!csv) {
      for (String s : text.split("\t", -1)) {
        out.add(s);
      }
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    checkArgument(!quoted, "%s line %s has an unterminated quoted field", file, line);
    out.add(cur.toString());
    return out;
  }

  /**
   * Returns the manifest file.
   *
   * @return the path it was read from
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the column names, {@code path} included, in file order.
   *
   * @return an immutable list
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * Returns the entries whose audio file exists, in file order.
   *
   * @return an immutable list
   */
  public List<ManifestEntry> entries() {
    return entries;
  }

  /**
   * Returns the paths, as written, of lines whose audio file does not exist.
   *
   * @return an immutable list
   */
  public List<String> missing() {
    return missing;
  }

  /**
   * Returns the distinct values of a column, sorted: the label set of a classification task.
   *
   * @param column a column name
   * @return the sorted values
   */
  public List<String> labels(String column) {
    checkArgument(
        columns.contains(column) && !PATH.equals(column),
        "%s has no label column '%s'; columns: %s",
        file,
        column,
        columns);
    TreeSet<String> set = new TreeSet<>();
    entries.forEach(e -> set.add(e.get(column)));
    return ImmutableList.copyOf(set);
  }
}
