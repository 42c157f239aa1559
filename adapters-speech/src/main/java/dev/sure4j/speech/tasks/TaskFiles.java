package dev.sure4j.speech.tasks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.JsonInput;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.ctc.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes {@code task.json}, the file beside an adapter that rebuilds its head:
 *
 * <pre>{@code
 * {"name": "kws", "type": "classification", "metric": "accuracy",
 *  "labels": [["down", "go", ...]]}                        // classification: one list
 * {..., "layer_weighted_sum": true}                         // optional: SUPERB weighted sum
 * {..., "backbone": {"kind": "whisper", "window": "slice"}} // optional: absent = hubert
 * {"name": "fsc", "type": "intent", ..., "labels": [[actions], [objects], [locations]]}
 * {"name": "asr", "type": "ctc", "metric": "wer",
 *  "vocabulary": {"kind": "characters", "tokens": ["<pad>", "<unk>", "|", "a", ...],
 *                 "pad": "<pad>", "unk": "<unk>", "delimiter": "|"}}
 * }</pre>
 *
 * Also writes small JSON documents such as {@code metrics.json} atomically.
 */
public final class TaskFiles {

  /** The file name inside an adapter directory. */
  public static final String FILE_NAME = "task.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private TaskFiles() {}

  /**
   * Writes {@code dir/task.json} atomically.
   *
   * @param task the task
   * @param dir the directory (usually an adapter directory); created when missing
   * @throws IOException when writing fails
   */
  public static void save(SpeechTask task, Path dir) throws IOException {
    writeJson(dir.resolve(FILE_NAME), json(task));
  }

  /**
   * Writes {@code dir/task.json} atomically with the backbone it was trained on, as {@code
   * "backbone": {"kind": "whisper", "window": "slice"}}.
   *
   * @param task the task
   * @param backbone the backbone's kind and settings
   * @param dir the directory (usually an adapter directory); created when missing
   * @throws IOException when writing fails
   */
  public static void save(SpeechTask task, BackboneSettings backbone, Path dir) throws IOException {
    JsonObject o = json(task);
    o.add(BackboneField.KEY, BackboneField.json(backbone));
    writeJson(dir.resolve(FILE_NAME), o);
  }

  /**
   * Reads the backbone {@code dir/task.json} records; a file without one (written before Whisper
   * backbones) was trained on HuBERT or wav2vec2.
   *
   * @param dir an adapter directory written by a task run
   * @return the backbone's kind and settings
   * @throws IOException when the file is missing or unreadable
   * @throws IllegalArgumentException for an unknown kind or a malformed field, naming the file
   */
  public static BackboneSettings backbone(Path dir) throws IOException {
    return BackboneField.read(dir.resolve(FILE_NAME));
  }

  private static JsonObject json(SpeechTask task) {
    JsonObject o = new JsonObject();
    o.addProperty("name", task.name());
    o.addProperty("type", task.type().id());
    o.addProperty("metric", task.metric());
    if (task.layerWeightedSum()) {
      o.addProperty("layer_weighted_sum", true);
    }
    if (task.type() == TaskType.CTC) {
      JsonObject v = new JsonObject();
      v.addProperty("kind", task.vocabulary().kind().name().toLowerCase(Locale.ROOT));
      JsonArray tokens = new JsonArray();
      task.vocabulary().tokens().forEach(tokens::add);
      v.add("tokens", tokens);
      Vocabulary vocab = task.vocabulary();
      v.addProperty("pad", vocab.tokens().get(vocab.blankId()));
      v.addProperty("unk", vocab.tokens().get(vocab.unkId()));
      v.addProperty("delimiter", vocab.delimiter());
      o.add("vocabulary", v);
    } else {
      JsonArray sets = new JsonArray();
      for (List<String> set : task.labelSets()) {
        JsonArray a = new JsonArray();
        set.forEach(a::add);
        sets.add(a);
      }
      o.add("labels", sets);
    }
    return o;
  }

  /**
   * Reads {@code dir/task.json}.
   *
   * @param dir an adapter directory written by a task run
   * @return the task
   * @throws IOException when the file is missing or unreadable; the message names it
   * @throws IllegalArgumentException for malformed content, or a label list over {@link
   *     InputLimits#maxLabels()}, naming the file and the field
   */
  public static SpeechTask load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(
          dir.toString(), null, "not an adapter directory (missing or not a directory)");
    }
    Path file = dir.resolve(FILE_NAME);
    String text;
    try {
      text = JsonInput.readUtf8(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          "no task.json: this directory was not written by a sure4j task run (train or"
              + " quickstart), so its head cannot be rebuilt");
    }
    try {
      JsonElement root = JsonParser.parseString(text);
      JsonInput.checkDepth(root, file.toString());
      JsonObject o = root.getAsJsonObject();
      String name = string(o, "name", file);
      String typeName = string(o, "type", file);
      TaskType type =
          TaskType.find(typeName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "%s: unknown task type '%s'; known: %s",
                              file, typeName, TaskType.ids())));
      SpeechTask task =
          switch (type) {
            case CLASSIFICATION ->
                SpeechTask.classification(name, labelSets(o, 1, type, file).get(0));
            case INTENT -> {
              List<List<String>> sets = labelSets(o, 3, type, file);
              yield SpeechTask.intent(name, sets.get(0), sets.get(1), sets.get(2));
            }
            case CTC -> SpeechTask.ctc(name, vocabulary(field(o, "vocabulary", file), file));
          };
      JsonElement weighted = o.get("layer_weighted_sum");
      return task.withMetric(string(o, "metric", file))
          .withLayerWeightedSum(weighted != null && weighted.getAsBoolean());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          file
              + ": malformed task file: "
              + JsonInput.oneLine(String.valueOf(e.getMessage()).lines().findFirst().orElse("")),
          e);
    } catch (IllegalArgumentException e) {
      // the task and vocabulary builders check labels without knowing the file; names and values
      // from the file may hold line breaks
      String why = JsonInput.oneLine(String.valueOf(e.getMessage()));
      throw new IllegalArgumentException(
          why.contains(file.toString()) ? why : file + ": " + why, e);
    }
  }

  /**
   * Writes a JSON object atomically (a temporary file in the same directory, then a rename).
   *
   * @param file the target
   * @param values the values; numbers, strings, booleans, maps and lists
   * @throws IOException when writing fails
   */
  public static void writeJson(Path file, Map<String, ?> values) throws IOException {
    writeJson(file, GSON.toJsonTree(values));
  }

  private static void writeJson(Path file, JsonElement json) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(json) + "\n");
  }

  private static List<List<String>> labelSets(JsonObject o, int want, TaskType type, Path file) {
    JsonArray sets = field(o, "labels", file).getAsJsonArray();
    if (sets.size() != want) {
      throw new IllegalArgumentException(
          file + ": field 'labels' must hold " + want + " lists for " + type.id());
    }
    List<List<String>> out = new ArrayList<>();
    sets.forEach(set -> out.add(strings(countLabels(set, "labels", file))));
    return out;
  }

  /** Refuses a label list over {@link InputLimits#maxLabels()} before a head is sized by it. */
  private static JsonElement countLabels(JsonElement list, String key, Path file) {
    int max = InputLimits.defaults().maxLabels();
    int n = list.getAsJsonArray().size();
    if (n > max) {
      throw new IllegalArgumentException(
          file + ": field '" + key + "' holds " + n + " labels, more than the limit of " + max);
    }
    return list;
  }

  private static Vocabulary vocabulary(JsonElement json, Path file) {
    JsonObject v = json.getAsJsonObject();
    String kindName = string(v, "kind", file);
    Vocabulary.Kind kind =
        Arrays.stream(Vocabulary.Kind.values())
            .filter(k -> k.name().equalsIgnoreCase(kindName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format(
                            "%s: unknown vocabulary kind '%s'; known: %s",
                            file,
                            JsonInput.oneLine(kindName),
                            Arrays.toString(Vocabulary.Kind.values()).toLowerCase(Locale.ROOT))));
    List<String> tokens = strings(countLabels(field(v, "tokens", file), "tokens", file));
    return v.has("pad")
        ? Vocabulary.of(
            tokens,
            kind,
            string(v, "pad", file),
            string(v, "unk", file),
            string(v, "delimiter", file))
        : Vocabulary.of(tokens, kind);
  }

  private static JsonElement field(JsonObject o, String key, Path file) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException(file + ": missing field '" + key + "'");
    }
    return e;
  }

  private static String string(JsonObject o, String key, Path file) {
    return field(o, key, file).getAsString();
  }

  private static List<String> strings(JsonElement e) {
    List<String> out = new ArrayList<>();
    e.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
    return out;
  }
}
