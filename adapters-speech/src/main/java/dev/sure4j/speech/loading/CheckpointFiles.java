package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the weight files of a Hugging Face checkpoint directory, single-file or sharded, and opens
 * them.
 */
public final class CheckpointFiles {

  private CheckpointFiles() {}

  /**
   * Opens one weight file. A file that cannot be opened is an I/O error; a file that opens but is
   * not valid safetensors (bad header, truncated data) is an {@link IllegalArgumentException} with
   * the reader's message, which names the file and the tensor.
   *
   * @param file a safetensors file
   * @return the reader; close it when done
   * @throws IOException when the file cannot be opened
   * @throws IllegalArgumentException when the file is not valid safetensors
   */
  public static SafetensorsReader open(Path file) throws IOException {
    try {
      return SafetensorsReader.open(file);
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Lists the weight files of a checkpoint directory: {@code model.safetensors}, or the shards a
   * {@code model.safetensors.index.json} names.
   *
   * @param dir the checkpoint directory
   * @return the files, each inside {@code dir}
   * @throws IOException when the index cannot be read
   * @throws IllegalArgumentException when there is no safetensors file (with the conversion command
   *     for a pickle-only checkpoint), or the index is malformed or names a missing shard
   */
  static List<Path> weightFiles(Path dir) throws IOException {
    checkArgument(Files.isDirectory(dir), "not a checkpoint directory: %s", dir);
    Path single = dir.resolve(HfCheckpointLoader.SAFETENSORS);
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    Path index = dir.resolve(HfCheckpointLoader.SAFETENSORS_INDEX);
    if (Files.isRegularFile(index)) {
      return shards(index);
    }
    if (Files.exists(dir.resolve("pytorch_model.bin"))
        || Files.exists(dir.resolve("pytorch_model.bin.index.json"))) {
      throw new IllegalArgumentException(
          dir
              + " has pytorch_model.bin but no model.safetensors: DJL cannot read PyTorch pickle"
              + " files. Convert the checkpoint once with: python -c \"from transformers import"
              + " AutoModel; AutoModel.from_pretrained('"
              + dir
              + "').save_pretrained('"
              + dir
              + "', safe_serialization=True)\"");
    }
    throw new IllegalArgumentException(
        dir
            + " has neither "
            + HfCheckpointLoader.SAFETENSORS
            + " nor "
            + HfCheckpointLoader.SAFETENSORS_INDEX);
  }

  private static List<Path> shards(Path index) throws IOException {
    JsonObject map;
    try {
      JsonElement root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
      map = root.getAsJsonObject().getAsJsonObject("weight_map");
    } catch (JsonParseException | IllegalStateException | ClassCastException e) {
      throw new IllegalArgumentException(index + ": malformed index", e);
    }
    checkArgument(map != null, "%s: no weight_map", index);
    Set<String> names = new LinkedHashSet<>();
    map.entrySet().forEach(e -> names.add(e.getValue().getAsString()));
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      Path shard = index.resolveSibling(n).normalize();
      checkArgument(
          shard.getParent().equals(index.getParent().normalize()),
          "%s: shard %s is outside the checkpoint directory",
          index,
          n);
      checkArgument(Files.isRegularFile(shard), "%s: shard %s does not exist", index, n);
      out.add(shard);
    }
    return out;
  }
}
