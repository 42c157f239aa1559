package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One filled slot of a spoken-language-understanding utterance: its type (for example {@code
 * "city"}) and its value as written between the tags (for example {@code "new york"}).
 *
 * @param type the slot type, the text after {@code B-} and {@code E-}; not empty, no whitespace
 * @param value the slot value, the text between the tags; not empty
 */
public record Slot(String type, String value) {

  /** Validates the fields. */
  public Slot {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    checkArgument(
        !type.isEmpty() && type.chars().noneMatch(Character::isWhitespace),
        "slot type must be non-empty without whitespace: '%s'",
        type);
    checkArgument(!value.isEmpty(), "slot value of type '%s' must not be empty", type);
  }
}
