package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whisper's tokenizer ({@code WhisperTokenizer}): GPT-2 byte-level BPE over {@code vocab.json} and
 * {@code merges.txt}, plus the special tokens of {@code added_tokens.json} ({@code
 * <|startoftranscript|>}, languages, {@code <|transcribe|>}, {@code <|notimestamps|>}, timestamps
 * {@code <|0.00|>} ...) and {@code <|endoftext|>}.
 *
 * <p>Written in Java because DJL's Hugging Face tokenizers extension loads a native library that it
 * downloads at run time. Special tokens written in the text are encoded as themselves; every other
 * piece goes through the BPE. Immutable and thread-safe.
 */
public final class WhisperTokenizer {

  /** The end-of-text token, also Whisper's padding and start-of-text. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private static final Pattern TIMESTAMP = Pattern.compile("<\\|(\\d+\\.\\d\\d)\\|>");

  private final ByteLevelBpe bpe;
  private final Map<String, Integer> ids;
  private final Map<Integer, String> tokens;
  private final Map<String, Integer> specials;
  private final Pattern specialPattern;

  private WhisperTokenizer(
      Map<String, Integer> vocab, List<String> merges, Map<String, Integer> added) {
    Map<String, Integer> all = new LinkedHashMap<>(vocab);
    all.putAll(added);
    ids = ImmutableMap.copyOf(all);
    Map<Integer, String> inverse = new HashMap<>();
    all.forEach((t, id) -> inverse.put(id, t));
    tokens = ImmutableMap.copyOf(inverse);
    Map<String, Integer> special = new LinkedHashMap<>(added);
    if (vocab.containsKey(END_OF_TEXT)) {
      special.put(END_OF_TEXT, vocab.get(END_OF_TEXT));
    }
    specials = ImmutableMap.copyOf(special);
    bpe = new ByteLevelBpe(vocab, merges);
    specialPattern =
        Pattern.compile(
            specials.keySet().stream()
                .sorted(Comparator.comparing(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
  }

  /**
   * Reads a tokenizer directory: {@code vocab.json}, {@code merges.txt} and, when present, {@code
   * added_tokens.json}.
   *
   * @param dir a Hugging Face Whisper model or tokenizer directory
   * @return the tokenizer
   * @throws IllegalArgumentException naming the file when one is malformed
   * @throws UncheckedIOException when a file cannot be read
   */
  public static WhisperTokenizer fromDirectory(Path dir) {
    Map<String, Integer> vocab = idMap(dir.resolve("vocab.json"));
    Path addedFile = dir.resolve("added_tokens.json");
    Map<String, Integer> added = Files.exists(addedFile) ? idMap(addedFile) : Map.of();
    List<String> merges = new ArrayList<>();
    for (String line : read(dir.resolve("merges.txt")).split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#version")) {
        checkArgument(l.split(" ").length == 2, "%s: '%s' is not a merge pair", dir, l);
        merges.add(l);
      }
    }
    return new WhisperTokenizer(vocab, merges, added);
  }

  private static Map<String, Integer> idMap(Path file) {
    try {
      JsonElement root = JsonParser.parseString(read(file));
      checkArgument(root.isJsonObject(), "%s is not a JSON object", file);
      JsonObject o = root.getAsJsonObject();
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : o.entrySet()) {
        checkArgument(
            e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber(),
            "%s: token '%s' has id %s, not a number",
            file,
            e.getKey(),
            e.getValue());
        out.put(e.getKey(), e.getValue().getAsInt());
      }
      return out;
    } catch (JsonParseException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + " is not valid JSON: " + why, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Encodes text; special tokens written in it ({@code <|en|>}) become their ids.
   *
   * @param text any text
   * @return the token ids
   */
  public long[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    Matcher m = specialPattern.matcher(text);
    int from = 0;
    while (m.find()) {
      bpe.encode(text.substring(from, m.start()), out);
      out.add(specials.get(m.group()));
      from = m.end();
    }
    bpe.encode(text.substring(from), out);
    return out.stream().mapToLong(Integer::longValue).toArray();
  }

  /**
   * Decodes ids to text.
   *
   * @param ids token ids
   * @param skipSpecialTokens whether special tokens (start, language, task, timestamps, end) are
   *     left out; otherwise they appear as written ({@code <|0.00|>})
   * @return the text
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    StringBuilder text = new StringBuilder();
    List<String> run = new ArrayList<>();
    for (long id : ids) {
      String t = tokens.get(Math.toIntExact(id));
      checkArgument(t != null, "token id %s is not in the vocabulary", id);
      if (specials.containsKey(t)) {
        text.append(ByteLevelBpe.decode(run));
        run.clear();
        if (!skipSpecialTokens) {
          text.append(t);
        }
      } else {
        run.add(t);
      }
    }
    return text.append(ByteLevelBpe.decode(run)).toString();
  }

  /**
   * Returns the id of a token.
   *
   * @param token a token string such as {@code <|transcribe|>} or a byte-level BPE symbol
   * @return its id
   * @throws IllegalArgumentException when the vocabulary does not have it
   */
  public int tokenId(String token) {
    Integer id = ids.get(token);
    checkArgument(id != null, "token '%s' is not in the vocabulary", token);
    return id;
  }

  /**
   * Tells whether an id is a special token.
   *
   * @param id a token id
   * @return true for {@code <|endoftext|>} and the added tokens
   */
  public boolean isSpecial(long id) {
    String t = tokens.get(Math.toIntExact(id));
    return t != null && specials.containsKey(t);
  }

  /**
   * Returns the time of a timestamp token.
   *
   * @param id a token id
   * @return seconds from the window's start, or -1 when the id is not a timestamp token
   */
  public double timestampSeconds(long id) {
    String t = tokens.get(Math.toIntExact(id));
    Matcher m = t == null ? null : TIMESTAMP.matcher(t);
    return m != null && m.matches() ? Double.parseDouble(m.group(1)) : -1;
  }

  /**
   * Returns the vocabulary size, special tokens included.
   *
   * @return the number of ids
   */
  public int size() {
    return ids.size();
  }
}
