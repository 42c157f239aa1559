package dev.sure4j.cli.transcribe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face Whisper directory as the commands use it: the model with an optional adapter, and
 * the input features of an audio file.
 */
public final class WhisperDirectory {

  private WhisperDirectory() {}

  /**
   * Loads the model and, when given, one adapter on it, active.
   *
   * @param dir the Whisper directory
   * @param adapter a sure4j or PEFT adapter directory, or null
   * @param manager the manager of the parameters
   * @return the model, with the adapter active
   * @throws IllegalArgumentException naming the file and the tensor or key that does not fit
   * @throws IOException when an adapter file cannot be read
   */
  public static WhisperModel load(Path dir, Path adapter, NDManager manager) throws IOException {
    WhisperModel model = WhisperModel.load(dir, manager);
    if (adapter != null) {
      WhisperSession.withAdapters(model, Map.of("adapter", adapter)).setActiveAdapters("adapter");
    }
    return model;
  }

  /**
   * Tells whether {@code --model} names a Whisper directory.
   *
   * @param dir a model directory, or null
   * @return true when its {@code config.json} describes a Whisper model
   */
  public static boolean holds(Path dir) {
    return dir != null && WhisperConfig.describes(dir);
  }

  /**
   * Reads one audio file and computes the model's input features.
   *
   * @param dir the Whisper directory (its {@code config.json} gives {@code num_mel_bins} and the
   *     window, {@code 2 * max_source_positions} frames)
   * @param file the audio file, any supported format and rate
   * @param limits the limits the file is read within
   * @param manager the manager of the result
   * @return float32 {@code [1, num_mel_bins, 2 * max_source_positions]}: the first window (30 s,
   *     3000 frames, for every released model), padded with silence
   * @throws IOException when the file cannot be read or decoded
   */
  public static NDArray features(Path dir, Path file, InputLimits limits, NDManager manager)
      throws IOException {
    float[] wave = WhisperFeatures.pipeline(limits).load(file);
    WhisperConfig config = WhisperConfig.fromFile(dir.resolve("config.json"));
    return WhisperFeatures.of(config).features(manager, wave);
  }
}
