package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.torch.TorchCheckpointReader;
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
 * Finds the weight files of a Hugging Face checkpoint directory, single-file or sharded,
 * safetensors or PyTorch {@code torch.save}, and opens them.
 *
 * <p>The directory's weights are the first of: {@code model.safetensors}, {@code
 * model.safetensors.index.json} with its shards, {@code pytorch_model.bin}, {@code
 * pytorch_model.bin.index.json} with its shards. Safetensors is preferred when both are present: it
 * is read without any pickle at all.
 */
public final class CheckpointFiles {

  /** The single-file PyTorch weights. */
  public static final String PYTORCH_BIN = "pytorch_model.bin";

  /** The index of sharded PyTorch weights. */
  public static final String PYTORCH_BIN_INDEX = "pytorch_model.bin.index.json";

  private static final List<String> SEARCH_ORDER =
      List.of(
          HfCheckpointLoader.SAFETENSORS,
          HfCheckpointLoader.SAFETENSORS_INDEX,
          PYTORCH_BIN,
          PYTORCH_BIN_INDEX);

  private CheckpointFiles() {}

  /**
   * Opens one weight file: a {@code .safetensors} file with {@link SafetensorsReader}, any other
   * with {@link TorchCheckpointReader}. A file that cannot be opened is an I/O error; a file that
   * opens but is not valid (bad header, truncated data, a pickle global off the allowlist) is an
   * {@link IllegalArgumentException} with the reader's message, which names the file and the tensor
   * or global.
   *
   * @param file a safetensors or {@code torch.save} file
   * @return the reader; close it when done
   * @throws IOException when the file cannot be opened
   * @throws IllegalArgumentException when the file is not a valid weight file
   */
  public static TensorFile open(Path file) throws IOException {
    return open(file, InputLimits.defaults());
  }

  /**
   * Opens one weight file as {@link #open(Path)}, within given limits (a safetensors header's
   * bytes; a {@code torch.save} file's pickle bytes, objects and nesting; each tensor's bytes).
   *
   * @param file a safetensors or {@code torch.save} file
   * @param limits the limits
   * @return the reader; close it when done
   * @throws IOException when the file cannot be opened
   * @throws IllegalArgumentException when the file is not a valid weight file or is over a limit;
   *     the message names the file and the limit
   */
  public static TensorFile open(Path file, InputLimits limits) throws IOException {
    try {
      return file.getFileName().toString().endsWith(".safetensors")
          ? SafetensorsReader.open(file, limits)
          : TorchCheckpointReader.open(file, limits);
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Lists the weight files of a checkpoint directory, in the order described above.
   *
   * @param dir the checkpoint directory
   * @return the files, each inside {@code dir}
   * @throws IOException when an index cannot be read
   * @throws IllegalArgumentException when there is no weight file, or the index is malformed or
   *     names a missing shard
   */
  public static List<Path> weightFiles(Path dir) throws IOException {
    checkArgument(Files.isDirectory(dir), "not a checkpoint directory: %s", dir);
    for (String name : SEARCH_ORDER) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return name.endsWith(".index.json") ? shards(p) : List.of(p);
      }
    }
    throw new IllegalArgumentException(dir + " has none of " + String.join(", ", SEARCH_ORDER));
  }

  private static List<Path> shards(Path index) throws IOException {
    JsonObject map;
    try {
      JsonElement root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
      map = root.getAsJsonObject().getAsJsonObject("weight_map");
    } catch (JsonParseException | IllegalStateException | ClassCastException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException(index + ": malformed index: " + why, e);
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
