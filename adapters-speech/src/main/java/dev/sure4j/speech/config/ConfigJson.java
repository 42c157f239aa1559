package dev.sure4j.speech.config;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed access to the keys of a model's {@code config.json}, with defaults for absent keys and
 * errors that name the key and the value ({@code config key upsample_rates[1] must be an integer:
 * "8"}).
 */
public final class ConfigJson {

  private final JsonObject o;

  private ConfigJson(JsonObject o) {
    this.o = o;
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param json the JSON text
   * @return typed access to its top-level keys
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static ConfigJson parse(String json) {
    try {
      JsonElement e = JsonParser.parseString(json);
      checkArgument(e.isJsonObject(), "config.json is not a JSON object");
      return new ConfigJson(e.getAsJsonObject());
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "config.json is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /**
   * Reads a config file and parses its text, adding the file to every parse error.
   *
   * @param file a {@code config.json}
   * @param parser turns the JSON text into a config, throwing {@link IllegalArgumentException}
   * @param <T> the config type
   * @return the config
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the file, key and value when the config is invalid
   */
  public static <T> T readFile(Path file, Function<String, T> parser) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          e instanceof NoSuchFileException
              ? file + " does not exist"
              : "cannot read " + file + ": " + e.getMessage(),
          e);
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Tells whether a key is present with a non-null value.
   *
   * @param key a top-level key
   * @return true when present
   */
  public boolean has(String key) {
    return o.has(key) && !o.get(key).isJsonNull();
  }

  private JsonElement get(String key) {
    JsonElement e = o.get(key);
    checkArgument(e != null && !e.isJsonNull(), "config key %s is missing", key);
    return e;
  }

  /**
   * Reads a string.
   *
   * @param key a top-level key
   * @param absent the value when the key is absent, or null when the key is required
   * @return the value
   */
  public String string(String key, String absent) {
    if (absent != null && !o.has(key)) {
      return absent;
    }
    JsonElement e = get(key);
    checkArgument(
        e.isJsonPrimitive() && e.getAsJsonPrimitive().isString(),
        "config key %s must be a string: %s",
        key,
        e);
    return e.getAsString();
  }

  /**
   * Reads a boolean.
   *
   * @param key a top-level key
   * @param absent the value when the key is absent or null, or null when the key is required
   * @return the value
   */
  public boolean bool(String key, Boolean absent) {
    if (absent != null && !has(key)) {
      return absent;
    }
    JsonElement e = get(key);
    checkArgument(
        e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean(),
        "config key %s must be true or false: %s",
        key,
        e);
    return e.getAsBoolean();
  }

  /**
   * Reads a required integer.
   *
   * @param key a top-level key
   * @return the value
   */
  public int integer(String key) {
    return toInt(key, get(key));
  }

  /**
   * Reads an optional integer.
   *
   * @param key a top-level key
   * @param absent the value when the key is absent or null
   * @return the value
   */
  public int integer(String key, int absent) {
    return has(key) ? integer(key) : absent;
  }

  /**
   * Reads an optional number.
   *
   * @param key a top-level key
   * @param absent the value when the key is absent or null
   * @return the value
   */
  public float number(String key, float absent) {
    if (!has(key)) {
      return absent;
    }
    JsonElement e = o.get(key);
    checkArgument(
        e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(),
        "config key %s must be a number: %s",
        key,
        e);
    return e.getAsFloat();
  }

  /**
   * Reads a required list of integers.
   *
   * @param key a top-level key
   * @return the values, in order
   */
  public List<Integer> ints(String key) {
    return ints(key, get(key));
  }

  /**
   * Reads a required list of lists of integers, such as {@code [[1, 3, 5], [1, 3, 5]]}.
   *
   * @param key a top-level key
   * @return the values, in order
   */
  public List<List<Integer>> intLists(String key) {
    JsonArray a = array(key, get(key), "a list of lists of integers");
    List<List<Integer>> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(ints(key + "[" + i + "]", a.get(i)));
    }
    return out;
  }

  /**
   * Reads an optional object of integers, such as {@code {"<|en|>": 50259, "<|de|>": 50261}}.
   *
   * @param key a top-level key
   * @return the entries in file order; empty when the key is absent or null
   */
  public Map<String, Integer> intMap(String key) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (has(key)) {
      JsonElement e = get(key);
      checkArgument(e.isJsonObject(), "config key %s must be an object of integers: %s", key, e);
      e.getAsJsonObject()
          .entrySet()
          .forEach(kv -> out.put(kv.getKey(), toInt(key + "." + kv.getKey(), kv.getValue())));
    }
    return out;
  }

  private static List<Integer> ints(String key, JsonElement e) {
    JsonArray a = array(key, e, "a list of integers");
    List<Integer> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(toInt(key + "[" + i + "]", a.get(i)));
    }
    return out;
  }

  private static JsonArray array(String key, JsonElement e, String what) {
    checkArgument(e.isJsonArray(), "config key %s must be %s: %s", key, what, e);
    return e.getAsJsonArray();
  }

  private static int toInt(String key, JsonElement e) {
    checkArgument(
        e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(),
        "config key %s must be an integer: %s",
        key,
        e);
    double d = e.getAsDouble();
    checkArgument(
        d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE,
        "config key %s must be an integer: %s",
        key,
        e);
    return (int) d;
  }
}
