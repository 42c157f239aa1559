package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.primitives.Longs;
import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of text between two timestamp tokens, as {@code WhisperTokenizer._compute_offsets}
 * reports it.
 *
 * @param start seconds from the start of the audio
 * @param end seconds from the start of the audio, at least {@code start}
 * @param text the decoded text tokens between the two timestamps
 */
public record WhisperSegment(double start, double end, String text) {

  /** Validates the times. */
  public WhisperSegment {
    checkArgument(
        start >= 0 && end >= start, "a segment needs 0 <= start <= end: [%s, %s]", start, end);
  }

  /**
   * Splits the generated tokens of one 30 s window into segments. A timestamp token after text
   * closes a segment and opens the next at the same time; a timestamp after a timestamp moves the
   * start; text before the first timestamp starts at the window's start and text after the last one
   * ends at the window's end. Special tokens other than timestamps are skipped.
   *
   * @param tokens generated ids of one window, without the prompt
   * @param tokenizer the tokenizer that knows the timestamp tokens
   * @param offset seconds of the window's start in the audio
   * @param windowEnd seconds of the window's end in the audio (of the audio's end when shorter)
   * @return the segments in order; empty when no text was generated
   */
  public static List<WhisperSegment> split(
      long[] tokens, WhisperTokenizer tokenizer, double offset, double windowEnd) {
    List<WhisperSegment> out = new ArrayList<>();
    List<Long> text = new ArrayList<>();
    double start = offset;
    for (long id : tokens) {
      double t = tokenizer.timestampSeconds(id);
      if (t >= 0) {
        double time = offset + t;
        add(out, tokenizer, text, start, Math.max(start, time));
        start = time;
      } else if (!tokenizer.isSpecial(id)) {
        text.add(id);
      }
    }
    add(out, tokenizer, text, start, Math.max(start, windowEnd));
    return out;
  }

  private static void add(
      List<WhisperSegment> out,
      WhisperTokenizer tokenizer,
      List<Long> text,
      double start,
      double end) {
    if (!text.isEmpty()) {
      out.add(new WhisperSegment(start, end, tokenizer.decode(Longs.toArray(text), true)));
      text.clear();
    }
  }
}
