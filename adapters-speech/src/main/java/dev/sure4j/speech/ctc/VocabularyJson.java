package dev.sure4j.speech.ctc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.sure4j.adapters.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Hugging Face {@code vocab.json} form of a {@link Vocabulary}: token to id. */
final class VocabularyJson {

  private VocabularyJson() {}

  /**
   * Writes {@code vocab.json} ({@code {"<pad>": 0, ...}}), atomically.
   *
   * @param vocabulary the vocabulary
   * @param file the file to write
   * @throws IOException when writing fails
   */
  static void write(Vocabulary vocabulary, Path file) throws IOException {
    List<String> tokens = vocabulary.tokens();
    JsonObject o = new JsonObject();
    for (int i = 0; i < tokens.size(); i++) {
      o.addProperty(tokens.get(i), i);
    }
    Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    AtomicFiles.writeString(file, gson.toJson(o));
  }

  /**
   * Reads {@code vocab.json}; the special tokens are whichever of {@code <pad>}/{@code [PAD]} and
   * {@code <unk>}/{@code [UNK]} are present.
   *
   * @param file the file
   * @param kind how text maps to units (the file does not say)
   * @return the vocabulary
   * @throws IOException when reading fails or the file is not a valid vocabulary (the message names
   *     the file)
   */
  static Vocabulary read(Path file, Vocabulary.Kind kind) throws IOException {
    JsonObject o;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      o = new Gson().fromJson(r, JsonObject.class);
    } catch (JsonParseException e) {
      throw new IOException("not a JSON vocabulary: " + file + ": " + e.getMessage(), e);
    }
    if (o == null) {
      throw new IOException("empty vocabulary file: " + file);
    }
    String[] byId = new String[o.size()];
    for (String key : o.keySet()) {
      int id;
      try {
        id = o.get(key).getAsInt();
      } catch (RuntimeException e) {
        throw new IOException("token '" + key + "' in " + file + " has no integer id", e);
      }
      if (id < 0 || id >= byId.length || byId[id] != null) {
        throw new IOException(
            "token '"
                + key
                + "' in "
                + file
                + " has id "
                + id
                + ": ids must be 0.."
                + (byId.length - 1)
                + " without repeats");
      }
      byId[id] = key;
    }
    List<String> list = List.of(byId);
    String pad = list.contains(Vocabulary.PAD) ? Vocabulary.PAD : "[PAD]";
    String unk = list.contains(Vocabulary.UNK) ? Vocabulary.UNK : "[UNK]";
    try {
      return Vocabulary.of(list, kind, pad, unk, Vocabulary.WORD_DELIMITER);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
