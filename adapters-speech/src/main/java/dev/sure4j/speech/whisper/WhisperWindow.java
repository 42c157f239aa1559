package dev.sure4j.speech.whisper;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How variable-length audio meets Whisper's 30 s window when its encoder runs under the SURE heads
 * ({@link WhisperBackbone}).
 */
public enum WhisperWindow {
  /**
   * Every utterance padded with silence to 30 s, as Whisper was trained: 1500 encoder positions
   * whatever the audio's length, so a 2 s clip costs as much as a 30 s one.
   */
  PAD,
  /**
   * The batch runs on the frames of its longest utterance only ({@code ceil(samples / 320)}
   * positions) with the positional embeddings sliced to them: about {@code 30 s / length} times
   * fewer positions, but states that differ from a padded run (Whisper never saw a short window).
   */
  SLICE;

  /**
   * Returns the id written to {@code task.json} and taken by the command line.
   *
   * @return {@code pad} or {@code slice}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds a window by its id.
   *
   * @param id {@code pad} or {@code slice}, any case
   * @return the window, or empty for an unknown id
   */
  public static Optional<WhisperWindow> find(String id) {
    return Arrays.stream(values()).filter(w -> w.id().equalsIgnoreCase(id)).findFirst();
  }
}
