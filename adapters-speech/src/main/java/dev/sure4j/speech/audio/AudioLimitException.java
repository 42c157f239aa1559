package dev.sure4j.speech.audio;

/**
 * Audio refused because it is larger than the {@link dev.sure4j.adapters.io.InputLimits} allow:
 * more bytes, seconds or decoded samples than the limit. A server answers it with "too large"
 * rather than "cannot decode". The message names the source and the limit.
 */
public class AudioLimitException extends AudioException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is over which limit, naming the file
   */
  public AudioLimitException(String message) {
    super(message);
  }
}
