package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.loading.CheckpointFiles;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's check of a backbone directory before any task starts: it exists, its {@code
 * config.json} parses, and it holds a weights file. A bad model path therefore fails the call, with
 * one line naming the path, instead of every task.
 */
final class ModelCheck {

  /** The weight files a checkpoint directory may hold (one is enough). */
  static final List<String> WEIGHTS =
      List.of(
          HfCheckpointLoader.SAFETENSORS,
          HfCheckpointLoader.SAFETENSORS_INDEX,
          CheckpointFiles.PYTORCH_BIN,
          CheckpointFiles.PYTORCH_BIN_INDEX);

  private ModelCheck() {}

  /**
   * Checks a backbone directory and reads its config.
   *
   * @param model a Hadoop path to a Hugging Face HuBERT/wav2vec2 checkpoint directory
   * @param conf resolves the path's filesystem
   * @return the encoder config
   * @throws IllegalArgumentException when the directory, its config or its weights are missing or
   *     the config is invalid (the message names the path)
   * @throws IOException when the filesystem cannot be read
   */
  static EncoderConfig check(String model, Configuration conf) throws IOException {
    return encoderConfig(model, configText(model, conf));
  }

  /**
   * Parses an encoder's {@code config.json} text.
   *
   * @param model the model's path, for errors
   * @param json the text of {@link #configText}
   * @return the encoder config
   * @throws IllegalArgumentException naming the path when the config is invalid
   */
  static EncoderConfig encoderConfig(String model, String json) {
    try {
      return EncoderConfig.fromJson(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "model " + model + ": invalid " + HfCheckpointLoader.CONFIG + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks a checkpoint directory (HuBERT, wav2vec2 or Whisper) and reads its {@code config.json}.
   *
   * @param model a Hadoop path to a Hugging Face checkpoint directory
   * @param conf resolves the path's filesystem
   * @return the text of its {@code config.json}
   * @throws IllegalArgumentException when the directory, its config or its weights are missing
   * @throws IOException when the filesystem cannot be read
   */
  static String configText(String model, Configuration conf) throws IOException {
    Path dir = new Path(model);
    FileSystem fs = dir.getFileSystem(conf);
    checkArgument(
        fs.exists(dir) && fs.getFileStatus(dir).isDirectory(),
        "model %s is not a directory (expected a Hugging Face HuBERT/wav2vec2 or Whisper"
            + " checkpoint directory with %s and %s)",
        model,
        HfCheckpointLoader.CONFIG,
        HfCheckpointLoader.SAFETENSORS);
    Path config = new Path(dir, HfCheckpointLoader.CONFIG);
    checkArgument(fs.exists(config), "model %s has no %s", model, HfCheckpointLoader.CONFIG);
    checkArgument(
        WEIGHTS.stream().anyMatch(w -> exists(fs, new Path(dir, w))),
        "model %s has no weights file (one of %s)",
        model,
        WEIGHTS);
    try (InputStream in = fs.open(config)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }
}
