package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.JsonInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The settings of a Hugging Face {@code Wav2Vec2FeatureExtractor}, read from a checkpoint's {@code
 * preprocessor_config.json}.
 *
 * <p>Fields and their defaults (the defaults of {@code Wav2Vec2FeatureExtractor}, used for a
 * missing file or a missing key): {@code do_normalize} true, {@code sampling_rate} 16000, {@code
 * feature_size} 1, {@code padding_value} 0.0, {@code return_attention_mask} false. Other keys
 * ({@code feature_extractor_type}, {@code processor_class}, ...) are ignored.
 *
 * @param doNormalize {@code do_normalize}: zero-mean unit-variance normalisation per utterance
 * @param samplingRate {@code sampling_rate}: the rate the model expects, in Hz
 * @param featureSize {@code feature_size}: values per time step; only 1 (raw waveform) is supported
 * @param paddingValue {@code padding_value}: the value padded samples get in a batch
 * @param returnAttentionMask {@code return_attention_mask}: whether the model expects an attention
 *     mask
 */
public record PreprocessorConfig(
    boolean doNormalize,
    int samplingRate,
    int featureSize,
    float paddingValue,
    boolean returnAttentionMask) {

  /** The file name inside a checkpoint directory. */
  public static final String FILE_NAME = "preprocessor_config.json";

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if the rate is not positive or the feature size is not 1
   */
  public PreprocessorConfig {
    Preconditions.checkArgument(samplingRate > 0, "sampling_rate must be > 0 Hz: %s", samplingRate);
    Preconditions.checkArgument(
        featureSize == 1,
        "feature_size %s is not supported: raw-waveform models have feature_size 1",
        featureSize);
    Preconditions.checkArgument(
        Float.isFinite(paddingValue), "padding_value must be finite: %s", paddingValue);
  }

  /**
   * Returns the {@code Wav2Vec2FeatureExtractor} defaults.
   *
   * @return do_normalize true, 16000 Hz, feature_size 1, padding 0.0, no attention mask
   */
  public static PreprocessorConfig defaults() {
    return new PreprocessorConfig(true, 16000, 1, 0f, false);
  }

  /**
   * Reads the config of a checkpoint: {@code dir/preprocessor_config.json}, or the defaults if
   * there is no such file.
   *
   * @param checkpointDir the checkpoint directory
   * @return the config
   * @throws IOException if the file exists but cannot be read or parsed (the message names the file
   *     and key)
   */
  public static PreprocessorConfig forCheckpoint(Path checkpointDir) throws IOException {
    Path file = checkpointDir.resolve(FILE_NAME);
    return Files.exists(file) ? load(file) : defaults();
  }

  /**
   * Reads a {@code preprocessor_config.json} file.
   *
   * @param file the file
   * @return the config, with defaults for missing keys
   * @throws IOException if the file cannot be read, is not a JSON object, or holds a value of the
   *     wrong type or range (the message names the file and key)
   */
  public static PreprocessorConfig load(Path file) throws IOException {
    JsonObject json;
    try {
      JsonElement root = JsonParser.parseString(JsonInput.readUtf8(file));
      if (!root.isJsonObject()) {
        throw new IOException(file + ": expected a JSON object");
      }
      JsonInput.checkDepth(root, file.toString());
      json = root.getAsJsonObject();
    } catch (JsonParseException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IOException(file + ": not valid JSON: " + why, e);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    PreprocessorConfig d = defaults();
    try {
      return new PreprocessorConfig(
          bool(json, "do_normalize", d.doNormalize(), file),
          integer(json, "sampling_rate", d.samplingRate(), file),
          integer(json, "feature_size", d.featureSize(), file),
          (float) number(json, "padding_value", d.paddingValue(), file),
          bool(json, "return_attention_mask", d.returnAttentionMask(), file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static boolean bool(JsonObject json, String key, boolean fallback, Path file)
      throws IOException {
    JsonElement e = json.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new IOException(file + ": '" + key + "' must be true or false, found " + e);
    }
    return e.getAsBoolean();
  }

  private static int integer(JsonObject json, String key, int fallback, Path file)
      throws IOException {
    double v = number(json, key, fallback, file);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IOException(file + ": '" + key + "' must be an integer, found " + v);
    }
    return (int) v;
  }

  private static double number(JsonObject json, String key, double fallback, Path file)
      throws IOException {
    JsonElement e = json.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IOException(file + ": '" + key + "' must be a number, found " + e);
    }
    return e.getAsDouble();
  }
}
