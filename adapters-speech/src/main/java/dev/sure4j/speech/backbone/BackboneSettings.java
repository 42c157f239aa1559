package dev.sure4j.speech.backbone;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;

/**
 * A backbone's family and the run-time settings that change its outputs (not its weights), as
 * {@code task.json} records them beside an adapter, so that loading rebuilds the backbone the head
 * was trained on: {@code {"kind": "whisper", "window": "slice"}}.
 *
 * @param kind the family
 * @param values setting name to value, for example {@code window -> slice}; empty for HuBERT
 */
public record BackboneSettings(BackboneKind kind, Map<String, String> values) {

  /** Checks and copies. */
  public BackboneSettings {
    Objects.requireNonNull(kind, "kind");
    checkArgument(values != null, "values must not be null");
    checkArgument(!values.containsKey("kind"), "'kind' is not a setting: %s", values);
    values = ImmutableMap.copyOf(values);
  }

  /**
   * Returns settings without values.
   *
   * @param kind the family
   * @return the settings
   */
  public static BackboneSettings of(BackboneKind kind) {
    return new BackboneSettings(kind, Map.of());
  }

  /**
   * Describes the settings in one line, as {@code whisper (window=slice)}.
   *
   * @return the description
   */
  public String describe() {
    return values.isEmpty() ? kind.id() : kind.id() + " " + values;
  }
}
