package dev.sure4j.speech.backbone;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The encoder families a SURE task runs on, with the id {@code task.json} records. */
public enum BackboneKind {
  /** HuBERT or wav2vec2 ({@code dev.sure4j.speech.encoder.SpeechEncoder}). */
  HUBERT,
  /** Whisper's audio encoder ({@code dev.sure4j.speech.whisper.WhisperBackbone}). */
  WHISPER;

  /**
   * Returns the id written to {@code task.json}.
   *
   * @return {@code hubert} or {@code whisper}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds a kind by its id.
   *
   * @param id {@code hubert} or {@code whisper}, any case
   * @return the kind, or empty for an unknown id
   */
  public static Optional<BackboneKind> find(String id) {
    return Arrays.stream(values()).filter(k -> k.id().equalsIgnoreCase(id)).findFirst();
  }
}
