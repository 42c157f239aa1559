package dev.sure4j.speech.ctc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CTC output vocabulary, as Hugging Face wav2vec2 CTC models keep it in {@code vocab.json}: a
 * padding token that doubles as the CTC blank, an unknown token, and for character vocabularies a
 * word delimiter {@code |} that stands for the space.
 *
 * <p>Three kinds: {@linkplain Kind#CHARACTERS characters} (text is split into characters, spaces
 * map to the delimiter), {@linkplain Kind#TOKENS tokens} (text is split on whitespace, e.g. ARPAbet
 * phonemes; decoding joins with spaces) and {@linkplain Kind#CHARACTER_SLOTS characters with slot
 * tags} (slot filling: characters, plus one unit per {@code B-<type>} / {@code E-<type>} tag).
 * Immutable.
 */
public final class Vocabulary {

  /** How text maps to units. */
  public enum Kind {
    /** One unit per character; a space becomes the word delimiter. */
    CHARACTERS,
    /** One unit per whitespace-separated token. */
    TOKENS,
    /**
     * Slot filling, as SUPERB's character-slot tokenizer: a whitespace-separated word of the form
     * {@code B-<type>} or {@code E-<type>} is one unit, every other word is split into characters.
     * Words are separated by the delimiter, except that none follows an opening tag and none
     * precedes a closing tag: {@code "go B-dir left E-dir"} is {@code g o | B-dir l e f t E-dir}.
     * Decoding puts spaces around tags, so it gives the tagged text back ({@link
     * dev.sure4j.speech.metrics.SlotAnnotation} reads it).
     */
    CHARACTER_SLOTS
  }

  /** Default padding / blank token (Hugging Face wav2vec2). */
  public static final String PAD = "<pad>";

  /** Default unknown token. */
  public static final String UNK = "<unk>";

  /** Default word delimiter. */
  public static final String WORD_DELIMITER = "|";

  private final ImmutableList<String> tokens;
  private final Map<String, Integer> ids;
  private final Kind kind;
  private final String pad;
  private final String unk;
  private final String delimiter;

  private Vocabulary(List<String> tokens, Kind kind, String pad, String unk, String delimiter) {
    this.tokens = ImmutableList.copyOf(tokens);
    this.kind = kind;
    this.pad = pad;
    this.unk = unk;
    this.delimiter = delimiter;
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      checkArgument(m.put(t, i) == null, "token '%s' appears twice in the vocabulary", t);
    }
    checkArgument(m.containsKey(pad), "vocabulary has no padding token '%s'", pad);
    checkArgument(m.containsKey(unk), "vocabulary has no unknown token '%s'", unk);
    checkArgument(
        kind == Kind.TOKENS || m.containsKey(delimiter),
        "%s vocabulary has no word delimiter '%s'",
        kind.name().toLowerCase(Locale.ROOT),
        delimiter);
    this.ids = Map.copyOf(m);
  }

  /**
   * Creates a vocabulary from a given token list (index = id), with the default special tokens.
   *
   * @param tokens the tokens in id order; must contain {@link #PAD}, {@link #UNK} and, for
   *     characters (with or without slots), {@link #WORD_DELIMITER}
   * @param kind characters or tokens
   * @return the vocabulary
   */
  public static Vocabulary of(List<String> tokens, Kind kind) {
    return new Vocabulary(tokens, kind, PAD, UNK, WORD_DELIMITER);
  }

  /**
   * Creates a vocabulary from a given token list with named special tokens.
   *
   * @param tokens the tokens in id order
   * @param kind characters or tokens
   * @param pad the padding token (the CTC blank)
   * @param unk the unknown token
   * @param delimiter the word delimiter (required in the list for characters only)
   * @return the vocabulary
   */
  public static Vocabulary of(
      List<String> tokens, Kind kind, String pad, String unk, String delimiter) {
    return new Vocabulary(tokens, kind, pad, unk, delimiter);
  }

  /**
   * Builds a vocabulary from transcripts: {@code <pad>} (id 0, the blank), {@code <unk>} (1), then
   * for characters (with or without slots) {@code |} (2), then every unit seen, sorted.
   *
   * @param transcripts training transcripts
   * @param kind characters or tokens
   * @param upperCase whether to upper-case the text first (LibriSpeech style)
   * @return the vocabulary
   */
  public static Vocabulary fromTranscripts(
      Iterable<String> transcripts, Kind kind, boolean upperCase) {
    TreeSet<String> seen = new TreeSet<>();
    for (String text : transcripts) {
      String t = upperCase ? text.toUpperCase(Locale.ROOT) : text;
      seen.addAll(TextUnits.split(t, kind));
    }
    List<String> list = new ArrayList<>(List.of(PAD, UNK));
    if (kind != Kind.TOKENS) {
      list.add(WORD_DELIMITER);
    }
    seen.removeAll(list);
    list.addAll(seen);
    return new Vocabulary(list, kind, PAD, UNK, WORD_DELIMITER);
  }

  /**
   * Says whether a word is a slot-opening tag.
   *
   * @param word a whitespace-free word
   * @return true for {@code B-<type>} with a non-empty type
   */
  public static boolean isOpeningTag(String word) {
    return word.length() > 2 && word.startsWith("B-");
  }

  /**
   * Says whether a word is a slot-closing tag.
   *
   * @param word a whitespace-free word
   * @return true for {@code E-<type>} with a non-empty type
   */
  public static boolean isClosingTag(String word) {
    return word.length() > 2 && word.startsWith("E-");
  }

  /**
   * Returns the word delimiter token ({@code |} by default; used for characters only).
   *
   * @return the delimiter
   */
  public String delimiter() {
    return delimiter;
  }

  /**
   * Returns the number of tokens (the CTC head's output size).
   *
   * @return the size
   */
  public int size() {
    return tokens.size();
  }

  /**
   * Returns the blank (padding) id.
   *
   * @return the id of the padding token
   */
  public int blankId() {
    return ids.get(pad);
  }

  /**
   * Returns the unknown token id.
   *
   * @return the id of the unknown token
   */
  public int unkId() {
    return ids.get(unk);
  }

  /**
   * Returns the kind.
   *
   * @return characters or tokens
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the tokens in id order.
   *
   * @return an immutable list
   */
  public List<String> tokens() {
    return tokens;
  }

  /**
   * Encodes text; unseen units map to the unknown id. For characters the text is used as given
   * (upper-case it first when the vocabulary was built upper-cased).
   *
   * @param text the text (whitespace runs count as one space; leading/trailing ignored)
   * @return the ids
   */
  public int[] encode(String text) {
    List<String> units = TextUnits.split(text, kind);
    int[] out = new int[units.size()];
    for (int i = 0; i < out.length; i++) {
      String u = units.get(i);
      if (kind != Kind.TOKENS && u.equals(WORD_DELIMITER)) {
        u = delimiter; // the space, spelled as this vocabulary's delimiter
      }
      out[i] = ids.getOrDefault(u, unkId());
    }
    return out;
  }

  /**
   * Decodes ids to text, dropping the padding token; for characters the delimiter becomes a space,
   * for tokens units are joined by spaces, for characters with slots a tag gets a space on each
   * side.
   *
   * @param ids token ids in {@code [0, size)}
   * @return the text, trimmed
   */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    int blankId = blankId();
    for (int id : ids) {
      checkArgument(id >= 0 && id < tokens.size(), "id %s outside [0, %s)", id, tokens.size());
      if (id == blankId) {
        continue;
      }
      String t = tokens.get(id);
      if (kind == Kind.CHARACTERS) {
        sb.append(t.equals(delimiter) ? " " : t);
      } else if (kind == Kind.CHARACTER_SLOTS) {
        boolean tag = isOpeningTag(t) || isClosingTag(t);
        sb.append(t.equals(delimiter) ? " " : tag ? " " + t + " " : t);
      } else {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t);
      }
    }
    return sb.toString().trim().replaceAll(" +", " ");
  }

  /**
   * Writes {@code vocab.json} in Hugging Face form ({@code {"<pad>": 0, ...}}), atomically.
   *
   * @param file the file to write
   * @throws IOException when writing fails
   */
  public void save(Path file) throws IOException {
    VocabularyJson.write(this, file);
  }

  /**
   * Reads a Hugging Face {@code vocab.json} (token to id, ids {@code 0..n-1}). The padding token is
   * {@code <pad>} or {@code [PAD]}, the unknown token {@code <unk>} or {@code [UNK]}, whichever is
   * present.
   *
   * @param file the file
   * @param kind characters or tokens (the file does not say)
   * @return the vocabulary
   * @throws IOException when reading fails or the file is not a valid vocabulary (the message names
   *     the file)
   */
  public static Vocabulary load(Path file, Kind kind) throws IOException {
    return VocabularyJson.read(file, kind);
  }
}
