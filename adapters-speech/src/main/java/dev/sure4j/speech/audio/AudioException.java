package dev.sure4j.speech.audio;

import java.io.IOException;

/**
 * An audio file or waveform that cannot be used: unsupported or corrupt encoding, truncated file,
 * non-finite samples, or a clip too short for the encoder. The message names the file (or source)
 * and says what is wrong.
 */
public class AudioException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is wrong, naming the file
   */
  public AudioException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what is wrong, naming the file
   * @param cause the underlying failure
   */
  public AudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
