package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.JsonInput;
import dev.sure4j.adapters.io.SpecFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regression guard's baseline file: one JSON object whose keys name a machine ({@link
 * #machineKey}: CPU model and core count from {@code /proc/cpuinfo}) and whose values map each
 * figure to its stored median in milliseconds, e.g. {@code {"AMD EPYC 7B13, 2 cores":
 * {"inference_ms": 210.5, "lora_step_ms": 690.2}}}.
 */
public final class PerfBaseline {

  private PerfBaseline() {}

  /**
   * Names the machine from the text of {@code /proc/cpuinfo}: the first {@code model name} and the
   * number of {@code processor} entries.
   *
   * @param cpuinfo the file's text
   * @return e.g. {@code AMD EPYC 7B13, 2 cores}
   * @throws IllegalArgumentException when the text has no {@code processor} entry
   */
  public static String machineKey(String cpuinfo) {
    String model = "unknown CPU";
    int cores = 0;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      if (name.equals("processor")) {
        cores++;
      } else if (name.equals("model name") && model.equals("unknown CPU")) {
        model = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
      }
    }
    checkArgument(cores > 0, "/proc/cpuinfo: no 'processor' entry");
    return model + ", " + cores + (cores == 1 ? " core" : " cores");
  }

  /**
   * Names this machine ({@link #machineKey} of {@code /proc/cpuinfo}).
   *
   * @return the key
   * @throws IOException when {@code /proc/cpuinfo} cannot be read
   */
  public static String thisMachine() throws IOException {
    return machineKey(Files.readString(Path.of("/proc/cpuinfo")));
  }

  /**
   * Reads one machine's figures.
   *
   * @param file the baseline file
   * @param machine the machine's key
   * @return figure to milliseconds, in the file's order; empty when the file or the machine is
   *     absent
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not such a JSON object; the message names the file,
   *     the machine and the field
   */
  public static Map<String, Double> read(Path file, String machine) throws IOException {
    Map<String, Double> figures = new LinkedHashMap<>();
    JsonObject all = readAll(file);
    JsonElement entry = all.get(machine);
    if (entry == null) {
      return figures;
    }
    String source = file + ": machine '" + machine + "'";
    checkArgument(entry.isJsonObject(), "%s is not a JSON object", source);
    SpecFields fields =
        new SpecFields(entry.getAsJsonObject(), source, false, InputLimits.defaults());
    for (String figure : entry.getAsJsonObject().keySet()) {
      double ms = fields.real(figure);
      if (!(ms > 0)) {
        throw fields.error(figure, "must be > 0 ms, was " + ms, null);
      }
      figures.put(figure, ms);
    }
    return figures;
  }

  /**
   * Stores one machine's figures, replacing that machine's earlier ones and keeping the others.
   *
   * @param file the baseline file (written atomically)
   * @param machine the machine's key
   * @param figures figure to milliseconds
   * @throws IOException when the file cannot be read or written
   */
  public static void write(Path file, String machine, Map<String, Double> figures)
      throws IOException {
    JsonObject all = readAll(file);
    JsonObject entry = new JsonObject();
    figures.forEach((k, v) -> entry.add(k, SpecFields.number(Math.round(v * 10) / 10.0)));
    all.add(machine, entry);
    AtomicFiles.writeString(
        file, new GsonBuilder().setPrettyPrinting().create().toJson(all) + "\n");
  }

  private static JsonObject readAll(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new JsonObject();
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(JsonInput.readUtf8(file));
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": not JSON (" + e.getMessage() + ")", e);
    }
    JsonInput.checkDepth(root, file.toString());
    checkArgument(root.isJsonObject(), "%s: not a JSON object of machines", file);
    return root.getAsJsonObject();
  }
}
