package dev.sure4j.speech.tasks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.JsonInput;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code backbone} field of {@code task.json}: {@code {"kind": "whisper", "window": "slice"}}.
 */
final class BackboneField {

  /** The field's key. */
  static final String KEY = "backbone";

  private BackboneField() {}

  /**
   * Writes settings as the field's value.
   *
   * @param backbone the kind and settings
   * @return {@code {"kind": ..., setting: value, ...}}
   */
  static JsonObject json(BackboneSettings backbone) {
    JsonObject b = new JsonObject();
    b.addProperty("kind", backbone.kind().id());
    backbone.values().forEach(b::addProperty);
    return b;
  }

  /**
   * Reads the field of a {@code task.json}; a file without it (written before Whisper backbones)
   * was trained on HuBERT or wav2vec2.
   *
   * @param file the {@code task.json}
   * @return the kind and settings
   * @throws IOException when the file is missing or unreadable
   * @throws IllegalArgumentException for an unknown kind or a malformed field, naming the file
   */
  static BackboneSettings read(Path file) throws IOException {
    try {
      JsonElement root = JsonParser.parseString(JsonInput.readUtf8(file));
      JsonInput.checkDepth(root, file.toString());
      JsonElement b = root.getAsJsonObject().get(KEY);
      if (b == null || b.isJsonNull()) {
        return BackboneSettings.of(BackboneKind.HUBERT);
      }
      JsonObject o = b.getAsJsonObject();
      JsonElement kindField = o.get("kind");
      if (kindField == null || kindField.isJsonNull()) {
        throw new IllegalArgumentException(file + ": missing field 'backbone.kind'");
      }
      String id = kindField.getAsString();
      BackboneKind kind =
          BackboneKind.find(id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "%s: field 'backbone.kind': unknown backbone '%s'; known: hubert,"
                                  + " whisper",
                              file, JsonInput.oneLine(id))));
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : o.entrySet()) {
        if (!e.getKey().equals("kind")) {
          values.put(e.getKey(), e.getValue().getAsString());
        }
      }
      return new BackboneSettings(kind, values);
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          file
              + ": malformed field 'backbone': "
              + JsonInput.oneLine(String.valueOf(e.getMessage()).lines().findFirst().orElse("")),
          e);
    }
  }
}
