package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;

/**
 * One recorded sentence of a TTS corpus.
 *
 * @param audio the audio file
 * @param text what is said, as written (normalised later by the text front end)
 * @param speaker the speaker's name in the corpus
 */
public record TtsUtterance(Path audio, String text, String speaker) {

  /** Validates the values. */
  public TtsUtterance {
    checkArgument(audio != null, "utterance has no audio path");
    checkArgument(text != null && !text.isBlank(), "%s: the text is empty", audio);
    checkArgument(speaker != null && !speaker.isBlank(), "%s: the speaker is empty", audio);
  }
}
