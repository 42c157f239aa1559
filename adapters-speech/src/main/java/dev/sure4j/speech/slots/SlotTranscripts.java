package dev.sure4j.speech.slots;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.ManifestEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings slot-tagged transcripts to the inline-tag form the slot-filling CTC target uses and {@link
 * dev.sure4j.speech.metrics.SlotAnnotation} reads: words separated by single spaces, a slot written
 * {@code B-<type> value words E-<type>}.
 *
 * <p>Accepted in the {@code transcript} column:
 *
 * <ul>
 *   <li><b>SLURP</b> inline annotation ({@code sentence_annotation}): {@code "wake me up at [time :
 *       five am] [date : this week]"}, a slot being {@code [type : value]}; spaces around the colon
 *       are optional, brackets do not nest, the type has no whitespace, the value is not empty.
 *   <li><b>Inline tags</b>, the target form itself (SUPERB's SNIPS transcripts as its decoder
 *       prints them): {@code "wake me up at B-time five am E-time"}. Slots do not nest and every
 *       {@code B-<type>} is closed by {@code E-<type>} after at least one word.
 * </ul>
 *
 * <p>With an {@code iob} column, the SNIPS form of SUPERB: the transcript holds the words and
 * {@code iob} one label per word, {@code O} outside slots, else {@code B-<type>}/{@code I-<type>}
 * (BIO) or the bare type (s3prl's files, where a run of the same type is one slot); a leading
 * {@code BOS} and trailing {@code EOS} word is dropped together with its label.
 *
 * <p>Anything else (an unclosed bracket, a slot without a colon, an unclosed tag, a label count
 * that differs from the word count) is an error quoting the text.
 */
public final class SlotTranscripts {

  /** The column of the per-word labels of the SNIPS form. */
  public static final String IOB = "iob";

  private SlotTranscripts() {}

  /**
   * Converts the {@code transcript} column of entries to the inline-tag form (using {@code iob}
   * where an entry has it).
   *
   * @param entries entries with a {@code transcript} column
   * @return the entries, transcripts converted, in input order
   * @throws IllegalArgumentException for a malformed transcript, naming the audio file and the
   *     manifest line
   */
  public static List<ManifestEntry> convert(List<ManifestEntry> entries) {
    List<ManifestEntry> out = new ArrayList<>(entries.size());
    for (ManifestEntry e : entries) {
      String text = e.get("transcript");
      String tagged;
      try {
        tagged = e.fields().containsKey(IOB) ? fromIob(text, e.get(IOB)) : normalise(text);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(
            String.format("%s (manifest line %d): %s", e.audio(), e.line(), bad.getMessage()), bad);
      }
      Map<String, String> fields = new LinkedHashMap<>(e.fields());
      fields.put("transcript", tagged);
      out.add(new ManifestEntry(e.audio(), fields, e.line()));
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * Converts a SLURP-annotated or inline-tagged transcript to the inline-tag form.
   *
   * @param text the transcript
   * @return the tagged transcript, single spaces between words and tags
   * @throws IllegalArgumentException for malformed slots, quoting the text
   */
  public static String normalise(String text) {
    String inline = text.indexOf('[') >= 0 || text.indexOf(']') >= 0 ? fromSlurp(text) : text;
    List<String> words = words(inline);
    checkTags(words, text);
    return String.join(" ", words);
  }

  /**
   * Converts SLURP's {@code [type : value]} annotation to inline tags.
   *
   * @param text for example {@code "wake me up at [time : five am]"}
   * @return for example {@code "wake me up at B-time five am E-time"}, spacing not yet normalised
   * @throws IllegalArgumentException for an unclosed or nested bracket, a missing colon, an empty
   *     type or value, quoting the text
   */
  static String fromSlurp(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('[', i);
      int stray = text.indexOf(']', i);
      checkArgument(
          stray < 0 || (open >= 0 && open < stray),
          "unopened ']' at character %s of '%s'",
          stray,
          text);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      int close = text.indexOf(']', open);
      int nested = text.indexOf('[', open + 1);
      checkArgument(close > 0, "unclosed '[' at character %s of '%s'", open, text);
      checkArgument(
          nested < 0 || nested > close, "nested '[' at character %s of '%s'", nested, text);
      String slot = text.substring(open + 1, close);
      int colon = slot.indexOf(':');
      checkArgument(
          colon >= 0, "slot '[%s]' has no ':' between type and value in '%s'", slot, text);
      String type = slot.substring(0, colon).strip();
      String value = slot.substring(colon + 1).strip();
      checkArgument(
          !type.isEmpty() && type.chars().noneMatch(Character::isWhitespace),
          "slot '[%s]' needs a type without spaces in '%s'",
          slot,
          text);
      checkArgument(!value.isEmpty(), "slot '[%s]' has an empty value in '%s'", slot, text);
      out.append(text, i, open).append(" B-").append(type).append(' ').append(value);
      out.append(" E-").append(type).append(' ');
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * Converts words with one IOB label each to inline tags.
   *
   * @param text the words, for example {@code "BOS play the beatles EOS"}
   * @param iob one label per word, for example {@code "O O B-artist I-artist O"} or {@code "O O
   *     artist artist O"}
   * @return for example {@code "play B-artist the beatles E-artist"}
   * @throws IllegalArgumentException when the counts differ, quoting both
   */
  public static String fromIob(String text, String iob) {
    List<String> words = new ArrayList<>(words(text));
    List<String> labels = new ArrayList<>(words(iob));
    checkArgument(
        words.size() == labels.size(),
        "%s words but %s IOB labels: '%s' / '%s'",
        words.size(),
        labels.size(),
        text,
        iob);
    if (!words.isEmpty() && words.get(0).equals("BOS")) {
      words.remove(0);
      labels.remove(0);
    }
    if (!words.isEmpty() && words.get(words.size() - 1).equals("EOS")) {
      words.remove(words.size() - 1);
      labels.remove(labels.size() - 1);
    }
    List<String> out = new ArrayList<>();
    String open = null;
    for (int i = 0; i < words.size(); i++) {
      String label = labels.get(i);
      boolean begins = label.startsWith("B-");
      String type = label.equals("O") ? null : label.replaceFirst("^[BI]-", "");
      if (open != null && (type == null || begins || !type.equals(open))) {
        out.add("E-" + open);
        open = null;
      }
      if (type != null && open == null) {
        checkArgument(!type.isEmpty(), "empty slot type in IOB labels '%s'", iob);
        out.add("B-" + type);
        open = type;
      }
      out.add(words.get(i));
    }
    if (open != null) {
      out.add("E-" + open);
    }
    return String.join(" ", out);
  }

  private static void checkTags(List<String> words, String text) {
    String open = null;
    int inside = 0;
    for (String w : words) {
      if (Vocabulary.isOpeningTag(w)) {
        checkArgument(open == null, "'%s' opens a slot inside 'B-%s' in '%s'", w, open, text);
        open = w.substring(2);
        inside = 0;
      } else if (Vocabulary.isClosingTag(w)) {
        checkArgument(
            open != null && open.equals(w.substring(2)) && inside > 0,
            "'%s' closes no open slot with a value (open: %s) in '%s'",
            w,
            open == null ? "none" : "B-" + open,
            text);
        open = null;
      } else {
        inside++;
      }
    }
    checkArgument(open == null, "'B-%s' is not closed in '%s'", open, text);
  }

  private static List<String> words(String text) {
    String t = text.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }
}
