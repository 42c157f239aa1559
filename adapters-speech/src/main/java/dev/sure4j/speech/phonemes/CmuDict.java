package dev.sure4j.speech.phonemes;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pronunciation lexicon in CMUdict format, one pronunciation per word.
 *
 * <p>Format (CMUdict 0.7b, {@code cmudict.dict} and pocketsphinx's {@code cmudict-en-us.dict}):
 *
 * <ul>
 *   <li>one entry a line: the word, whitespace, then its phones separated by whitespace, for
 *       example {@code HELLO HH AH0 L OW1};
 *   <li>lines starting with {@code ;;;} are comments; blank lines are skipped; text from a {@code
 *       #} after whitespace is a comment ({@code cmudict.dict} marks some entries so);
 *   <li>{@code WORD(2)}, {@code WORD(3)}, ... are further pronunciations; the first one listed is
 *       kept (SUPERB's choice) and the others are skipped;
 *   <li>words match case-insensitively ({@code HELLO}, {@code hello});
 *   <li>phones are the 39 {@link Arpabet} phones, vowels with an optional stress digit; the digits
 *       are stripped by default (SUPERB's 39-phone set) or kept ({@code keepStress}, SURE's
 *       stressed set).
 * </ul>
 *
 * <p>A malformed line (a word without phones, an unknown phone) is an error naming the file, the
 * line and the value. Immutable.
 */
public final class CmuDict {

  private static final Pattern COMMENT = Pattern.compile("\\s#.*$");

  private final String source;
  private final Map<String, List<String>> pronunciations;
  private final boolean keepStress;

  private CmuDict(String source, Map<String, List<String>> pronunciations, boolean keepStress) {
    this.source = source;
    this.pronunciations = ImmutableMap.copyOf(pronunciations);
    this.keepStress = keepStress;
  }

  /**
   * Reads a lexicon file (UTF-8), stress digits stripped.
   *
   * @param file the lexicon, for example {@code cmudict-0.7b}
   * @return the lexicon
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException for a malformed line, naming the file and line
   */
  public static CmuDict read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * Reads a lexicon file. CMUdict 0.7b itself is Latin-1; its words and phones are ASCII, so
   * malformed UTF-8 bytes (only in its comments) are replaced rather than refused.
   *
   * @param file the lexicon
   * @param keepStress whether vowels keep their stress digits
   * @return the lexicon
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException for a malformed line, naming the file and line
   */
  public static CmuDict read(Path file, boolean keepStress) throws IOException {
    checkArgument(Files.isRegularFile(file), "lexicon file not found: %s", file);
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return parse(text.lines().toList(), file.toString(), keepStress);
  }

  /**
   * Parses lexicon lines.
   *
   * @param lines the lines, in file order
   * @param source the file name, for messages
   * @param keepStress whether vowels keep their stress digits
   * @return the lexicon
   * @throws IllegalArgumentException for a malformed line, naming the source and line
   */
  public static CmuDict parse(List<String> lines, String source, boolean keepStress) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String body = COMMENT.matcher(line).replaceFirst("").strip();
      if (body.isEmpty() || line.startsWith(";;;")) {
        continue;
      }
      String[] parts = body.split("\\s+");
      checkArgument(
          parts.length >= 2, "%s line %s: '%s' has no phones", source, i + 1, line.strip());
      String word = headword(parts[0]);
      if (map.containsKey(word)) {
        continue; // a further pronunciation, or a repeat: the first one listed wins
      }
      List<String> phones = new ArrayList<>(parts.length - 1);
      for (int k = 1; k < parts.length; k++) {
        String phone = parts[k].toUpperCase(Locale.ROOT);
        checkArgument(
            Arpabet.isPhone(phone),
            "%s line %s: unknown phone '%s' in the entry of '%s'; phones are the ARPAbet %s,"
                + " vowels with stress 0, 1 or 2",
            source,
            i + 1,
            parts[k],
            parts[0],
            Arpabet.PHONES);
        phones.add(keepStress ? phone : Arpabet.stripStress(phone));
      }
      map.put(word, ImmutableList.copyOf(phones));
    }
    return new CmuDict(source, map, keepStress);
  }

  /** Returns the word of an entry: upper case, without a {@code (2)} variant number. */
  private static String headword(String entry) {
    String w = entry;
    int paren = w.lastIndexOf('(');
    if (paren > 0 && w.endsWith(")") && w.substring(paren + 1, w.length() - 1).matches("\\d+")) {
      w = w.substring(0, paren);
    }
    return w.toUpperCase(Locale.ROOT);
  }

  /**
   * Returns a word's pronunciation.
   *
   * @param word a word, any case
   * @return its phones, or empty for a word not in the lexicon
   */
  public Optional<List<String>> pronunciation(String word) {
    return Optional.ofNullable(pronunciations.get(word.toUpperCase(Locale.ROOT)));
  }

  /**
   * Returns the first word of a transcript that is not in the lexicon.
   *
   * @param transcript words separated by whitespace
   * @return the word as written, or empty when every word is known
   */
  public Optional<String> firstUnknownWord(String transcript) {
    for (String word : words(transcript)) {
      if (pronunciation(word).isEmpty()) {
        return Optional.of(word);
      }
    }
    return Optional.empty();
  }

  /**
   * Turns a transcript into phones, word by word.
   *
   * @param transcript words separated by whitespace, for example {@code "hello world"}
   * @return the phones, for example {@code [HH, AH, L, OW, W, ER, L, D]}
   * @throws IllegalArgumentException for a word not in the lexicon, naming it and the lexicon
   */
  public List<String> phones(String transcript) {
    List<String> out = new ArrayList<>();
    for (String word : words(transcript)) {
      out.addAll(
          pronunciation(word)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "word '%s' is not in the lexicon %s (%d words)",
                              word, source, pronunciations.size()))));
    }
    return out;
  }

  private static List<String> words(String transcript) {
    String t = transcript.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  /**
   * Returns the number of words with a pronunciation.
   *
   * @return the size
   */
  public int size() {
    return pronunciations.size();
  }

  /**
   * Says whether vowels keep their stress digits.
   *
   * @return false for the 39-phone set
   */
  public boolean keepStress() {
    return keepStress;
  }

  /**
   * Returns where the lexicon was read from.
   *
   * @return the file name given to {@link #parse} or {@link #read}
   */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s (%d words, %s)",
        source,
        pronunciations.size(),
        keepStress ? "stressed phones" : "39 phones");
  }
}
