package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE, which Whisper's tokenizer uses: text is split by GPT-2's pre-tokenization
 * pattern, each piece's UTF-8 bytes are mapped to printable characters (GPT-2's {@code
 * bytes_to_unicode}), and adjacent symbols are merged by the rank of their pair in {@code
 * merges.txt}, lowest first, until no ranked pair remains. Immutable and thread-safe.
 */
final class ByteLevelBpe {

  /** GPT-2's pre-tokenization pattern. */
  private static final Pattern PIECES =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

  static {
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + extra++);
      CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
    }
  }

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> ranks;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  /**
   * Creates the model.
   *
   * @param vocab byte-level token strings to ids
   * @param merges merge pairs {@code "a b"} in rank order
   */
  ByteLevelBpe(Map<String, Integer> vocab, List<String> merges) {
    this.vocab = ImmutableMap.copyOf(vocab);
    Map<String, Integer> r = new HashMap<>();
    for (int i = 0; i < merges.size(); i++) {
      r.putIfAbsent(merges.get(i), i);
    }
    this.ranks = ImmutableMap.copyOf(r);
  }

  /**
   * Encodes plain text (no special tokens).
   *
   * @param text any text
   * @param out receives the ids
   * @throws IllegalArgumentException when a merged symbol is not in the vocabulary
   */
  void encode(String text, List<Integer> out) {
    Matcher m = PIECES.matcher(text);
    while (m.find()) {
      byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
      StringBuilder mapped = new StringBuilder(bytes.length);
      for (byte b : bytes) {
        mapped.append(BYTE_TO_CHAR[b & 0xFF]);
      }
      for (String symbol : cache.computeIfAbsent(mapped.toString(), this::merge)) {
        Integer id = vocab.get(symbol);
        checkArgument(id != null, "BPE symbol '%s' is not in vocab.json", symbol);
        out.add(id);
      }
    }
  }

  private List<String> merge(String piece) {
    List<String> word = new ArrayList<>();
    piece.codePoints().forEach(c -> word.add(new String(Character.toChars(c))));
    while (word.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      String a = word.get(best);
      String b = word.get(best + 1);
      List<String> merged = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size() && word.get(i).equals(a) && word.get(i + 1).equals(b)) {
          merged.add(a + b);
          i++;
        } else {
          merged.add(word.get(i));
        }
      }
      word.clear();
      word.addAll(merged);
    }
    return word;
  }

  /**
   * Turns byte-level token strings back into text; invalid UTF-8 becomes U+FFFD (Hugging Face's
   * {@code errors="replace"}).
   *
   * @param tokens byte-level token strings, in order
   * @return the text
   */
  static String decode(List<String> tokens) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String t : tokens) {
      for (int i = 0; i < t.length(); i++) {
        Integer b = CHAR_TO_BYTE.get(t.charAt(i));
        checkArgument(b != null, "token '%s' is not byte-level text", t);
        bytes.write(b);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
