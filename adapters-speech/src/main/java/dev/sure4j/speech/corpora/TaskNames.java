package dev.sure4j.speech.corpora;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One vocabulary of task names for the corpus readers, the task commands and the docs: the SURE
 * short names ({@code ks}, {@code sid}, {@code ser}, {@code ic}, {@code asr}, {@code pr}, {@code
 * sf}, {@code tts}) with the common spellings as aliases, among them the bundled mini corpus'
 * directory names ({@code kws}, {@code speaker}, {@code emotion}, {@code intent}, {@code ctc},
 * {@code pr}, {@code sf}, {@code tts}).
 *
 * <p>Names match case-insensitively, ignoring spaces, hyphens and underscores, so {@code
 * keyword-spotting}, {@code Speaker ID} and {@code KWS} are all understood. A name that is no alias
 * (a user's own task directory) is kept as it is.
 */
public final class TaskNames {

  /** Every alias (normalised) by its SURE short name; the first alias is the mini corpus name. */
  private static final Map<String, List<String>> ALIASES =
      ImmutableMap.of(
          "ks", ImmutableList.of("kws", "ks", "keyword", "keywords", "keywordspotting"),
          "sid",
              ImmutableList.of("speaker", "sid", "speakerid", "speakeridentification", "si", "spk"),
          "ser", ImmutableList.of("emotion", "ser", "er", "emotionrecognition"),
          "ic", ImmutableList.of("intent", "ic", "intentclassification", "slu"),
          "asr", ImmutableList.of("ctc", "asr", "speechrecognition", "transcription"),
          "pr", ImmutableList.of("pr", "phoneme", "phonemes", "phonemerecognition"),
          "sf", ImmutableList.of("sf", "slot", "slots", "slotfilling"),
          "tts", ImmutableList.of("tts", "texttospeech", "speechsynthesis", "synthesis"));

  /** The SURE short name of text to speech, the one task that trains a synthesis model. */
  public static final String TTS = "tts";

  private TaskNames() {}

  /**
   * Returns the SURE short name of a task name or alias.
   *
   * @param name any spelling, e.g. {@code kws}, {@code Keyword spotting}, {@code emotion}
   * @return {@code ks}, {@code sid}, {@code ser}, {@code ic}, {@code asr}, {@code pr}, {@code sf}
   *     or {@code tts}, or empty for a name that is no alias
   */
  public static Optional<String> sure(String name) {
    String key = normalise(name);
    for (Map.Entry<String, List<String>> e : ALIASES.entrySet()) {
      if (e.getValue().contains(key)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether a task name means text to speech ({@link #TTS} or one of its aliases, such as
   * {@code text-to-speech}).
   *
   * @param name any spelling, may be null
   * @return true for text to speech
   */
  public static boolean isTts(String name) {
    return sure(name).filter(TTS::equals).isPresent();
  }

  /**
   * Returns the name a corpus reader takes: the SURE short name of an alias, else the name as given
   * (the reader then lists the tasks it supports).
   *
   * @param name any spelling
   * @return e.g. {@code ks} for {@code kws}
   */
  public static String forCorpus(String name) {
    return sure(name).orElse(name);
  }

  /**
   * Returns the spellings of the same task, the given name first, then the mini corpus directory
   * name and the other aliases; used to find a task's directory under a corpus root.
   *
   * @param name any spelling
   * @return the candidates, never empty
   */
  public static List<String> directoryCandidates(String name) {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    b.add(name);
    sure(name).ifPresent(s -> b.addAll(ALIASES.get(s)));
    return b.build();
  }

  /**
   * Lists the SURE short names with their aliases, for help texts and error messages.
   *
   * @return e.g. {@code ks (kws, keyword, ...), sid (speaker, ...), ...}
   */
  public static String describe() {
    StringBuilder sb = new StringBuilder();
    ALIASES.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append(k)
                .append(" (")
                .append(String.join(", ", v.stream().filter(a -> !a.equals(k)).toList()))
                .append(')'));
    return sb.toString();
  }

  /**
   * Normalises a name for matching: lower case without spaces, hyphens, underscores and brackets.
   *
   * @param name a name
   * @return e.g. {@code speakerid} for {@code Speaker-ID}
   */
  public static String normalise(String name) {
    return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[\\s\\-_()]", "");
  }
}
