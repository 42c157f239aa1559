package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.io.TensorFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rewrites a Hugging Face checkpoint directory's weights, whatever their format ({@link
 * CheckpointFiles}: safetensors or {@code pytorch_model.bin}, single or sharded), as one {@code
 * model.safetensors}, with {@code config.json} and, when present, {@code preprocessor_config.json}
 * copied beside it. Every tensor is written as float32 (float16, bfloat16 and float64 are converted
 * as {@link dev.sure4j.adapters.io.TensorDType} says; integer and bool buffers become float32 too),
 * in the source's order, with {@code __metadata__ {"format": "pt"}} as Hugging Face writes it.
 *
 * <p>The tensors are held in memory as float32 until the file is written, so the heap must hold the
 * model's float32 size. The output directory is written through {@link AtomicFiles}: it appears
 * complete or not at all.
 */
public final class CheckpointConversion {

  /** The files copied beside the weights; the first is required. */
  public static final List<String> SIDE_FILES =
      List.of(HfCheckpointLoader.CONFIG, "preprocessor_config.json");

  /**
   * What a conversion did.
   *
   * @param sources the weight files read
   * @param tensors the number of tensors written
   * @param elements the number of values written
   */
  public record Summary(List<Path> sources, int tensors, long elements) {}

  private CheckpointConversion() {}

  /**
   * Converts a checkpoint directory.
   *
   * @param model the checkpoint directory, with {@code config.json} and weights
   * @param out a new or empty directory, not {@code model}
   * @return what was converted
   * @throws IllegalArgumentException when {@code model} has no config or weights, a weight file is
   *     invalid (the message names it), a tensor appears in two shards, or {@code out} is {@code
   *     model} or a non-empty directory; nothing is then written
   * @throws IOException when a file cannot be read or written
   */
  public static Summary toSafetensors(Path model, Path out) throws IOException {
    Path config = model.resolve(SIDE_FILES.get(0));
    checkArgument(Files.isRegularFile(config), "%s has no %s", model, SIDE_FILES.get(0));
    checkArgument(
        !out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize()),
        "--out must not be the model directory %s",
        model);
    checkArgument(
        !Files.exists(out, LinkOption.NOFOLLOW_LINKS) || isEmptyDirectory(out),
        "%s exists and is not an empty directory",
        out);
    List<Path> sources = CheckpointFiles.weightFiles(model);
    SafetensorsWriter writer = SafetensorsWriter.create().putMetadata("format", "pt");
    Set<String> seen = new HashSet<>();
    long elements = 0;
    for (Path f : sources) {
      try (TensorFile in = CheckpointFiles.open(f)) {
        for (String name : in.tensors().keySet()) {
          checkArgument(seen.add(name), "%s: tensor %s appears in two weight files", model, name);
          float[] values = in.readFloats(name);
          writer.add(name, values, in.info(name).shape());
          elements += values.length;
        }
      }
    }
    AtomicFiles.writeDirectory(
        out,
        tmp -> {
          writer.write(tmp.resolve(HfCheckpointLoader.SAFETENSORS));
          for (String side : SIDE_FILES) {
            if (Files.isRegularFile(model.resolve(side))) {
              Files.copy(model.resolve(side), tmp.resolve(side));
            }
          }
        });
    return new Summary(List.copyOf(sources), seen.size(), elements);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
