package dev.sure4j.speech.metrics;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript with inline slot tags, as the SURE/SUPERB slot-filling CTC model emits it over
 * characters plus tag tokens, parsed into its slots.
 *
 * <p>A slot is written {@code B-<type> <value> E-<type>}, tags separated from the value by single
 * spaces, for example {@code "play B-artist the beatles E-artist on B-service spotify E-service"},
 * which holds the slots {@code artist = "the beatles"} and {@code service = "spotify"}. The parse
 * follows the SUPERB scoring script ({@code s3prl downstream/ctc/metric.py}):
 *
 * <ul>
 *   <li>runs of spaces are first collapsed to one space;
 *   <li>slots are found left to right; a {@code B-<type>} opens a slot that the nearest following
 *       {@code E-<type>} of the same type closes, so the value is the shortest non-empty text
 *       between them;
 *   <li>an unclosed {@code B-} tag, a stray {@code E-} tag and an {@code E-} tag of another type do
 *       not form slots; the words outside slots are not slots;
 *   <li>tags nested inside a slot belong to its value: {@code "B-a x B-b y E-b z E-a"} holds the
 *       single slot {@code a}; for a reference the value is kept as written ({@code "x B-b y E-b
 *       z"}), for a hypothesis the inner tags are removed ({@code "x y z"}), as in SUPERB;
 *   <li>the same type may occur several times; each occurrence is its own slot, in text order.
 * </ul>
 *
 * @param text the transcript with tags removed (what SUPERB scores as plain text)
 * @param slots the slots in text order
 */
public record SlotAnnotation(String text, List<Slot> slots) {

  private static final Pattern SLOT = Pattern.compile("B-(\\S+) (.+?) E-\\1");
  private static final Pattern OPEN_TAG = Pattern.compile("B-\\S+ ");
  private static final Pattern CLOSE_TAG = Pattern.compile(" E-\\S+");

  /** Copies the slot list. */
  public SlotAnnotation {
    Objects.requireNonNull(text, "text");
    slots = ImmutableList.copyOf(slots);
  }

  /**
   * Parses a reference transcript; values keep any nested tags.
   *
   * @param tagged transcript with inline {@code B-}/{@code E-} tags
   * @return its text and slots
   */
  public static SlotAnnotation parseReference(String tagged) {
    return parse(tagged, false);
  }

  /**
   * Parses a decoded hypothesis; nested tags are removed from values.
   *
   * @param tagged decoded transcript with inline {@code B-}/{@code E-} tags
   * @return its text and slots
   */
  public static SlotAnnotation parseHypothesis(String tagged) {
    return parse(tagged, true);
  }

  private static SlotAnnotation parse(String tagged, boolean cleanValues) {
    Objects.requireNonNull(tagged, "tagged");
    String collapsed = tagged.replaceAll(" +", " ");
    ImmutableList.Builder<Slot> slots = ImmutableList.builder();
    Matcher m = SLOT.matcher(collapsed);
    while (m.find()) {
      String value = cleanValues ? stripTags(m.group(2)) : m.group(2);
      if (!value.isEmpty()) {
        slots.add(new Slot(m.group(1), value));
      }
    }
    return new SlotAnnotation(stripTags(collapsed), slots.build());
  }

  private static String stripTags(String s) {
    return CLOSE_TAG.matcher(OPEN_TAG.matcher(s).replaceAll("")).replaceAll("");
  }
}
