package dev.sure4j.speech.whisper;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What {@link WhisperTranscriber} makes of one recording.
 *
 * @param text the decoded text of every window, special tokens skipped
 * @param tokens the generated ids of every window in order, without the forced prompt and without
 *     {@code <|endoftext|>}
 * @param segments the timestamped segments (seconds from the start of the recording) when the
 *     prompt let the decoder emit timestamps; empty otherwise
 */
public record WhisperTranscript(String text, List<Long> tokens, List<WhisperSegment> segments) {

  /** Copies the lists. */
  public WhisperTranscript {
    tokens = ImmutableList.copyOf(tokens);
    segments = ImmutableList.copyOf(segments);
  }
}
