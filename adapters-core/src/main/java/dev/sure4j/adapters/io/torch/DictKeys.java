package dev.sure4j.adapters.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The dict keys a state-dict pickle may use. */
final class DictKeys {

  private DictKeys() {}

  /**
   * Accepts a dict key only when it is an atom (text, number, boolean, None) or a tuple of atoms,
   * whose hash costs its length: a list is unhashable in Python, and nested tuples shared through
   * the memo would hash in time exponential in their depth.
   *
   * @param key the key
   * @param error makes the exception for a message
   * @return the key
   * @throws IOException naming the key when it is refused
   */
  static Object check(Object key, Function<String, IOException> error) throws IOException {
    if (isAtom(key)) {
      return key;
    }
    if (key instanceof List<?> tuple && !(key instanceof ArrayList)) {
      for (Object item : tuple) {
        if (!isAtom(item)) {
          throw error.apply(
              "dict key is a tuple holding " + PickleText.describe(item) + ", not only atoms");
        }
      }
      return key;
    }
    throw error.apply(
        "dict key " + PickleText.describe(key) + " is not text, a number or a tuple of them");
  }

  private static boolean isAtom(Object o) {
    return o == null
        || o instanceof String
        || o instanceof Long
        || o instanceof BigInteger
        || o instanceof Double
        || o instanceof Boolean;
  }
}
