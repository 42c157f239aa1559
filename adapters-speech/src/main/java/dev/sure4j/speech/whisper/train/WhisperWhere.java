package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.model.AdapterMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which of Whisper's two stacks an adapter goes into: {@code model.encoder}, {@code model.decoder}
 * or both. {@link #restrict} narrows a spec's targets to the stack, through the method's own {@code
 * adapter_config.json} fields, so any registered method is restricted the same way.
 */
public enum WhisperWhere {
  /** The audio encoder only ({@code model.encoder.*}). */
  ENCODER("model.encoder."),
  /** The text decoder only ({@code model.decoder.*}). */
  DECODER("model.decoder."),
  /** Both stacks: the spec's targets unchanged. */
  BOTH("model.");

  private final String prefix;

  WhisperWhere(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Parses {@code encoder}, {@code decoder} or {@code both}, in any case.
   *
   * @param name the name
   * @return the value
   * @throws IllegalArgumentException for another name, listing the accepted ones
   */
  public static WhisperWhere parse(String name) {
    for (WhisperWhere w : values()) {
      if (w.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "--where must be encoder, decoder or both, got '" + name + "'");
  }

  /**
   * Returns the spec with its targets restricted to this stack. Plain module names without layers
   * become one regular expression over whole paths (PEFT's string {@code target_modules}, so the
   * saved adapter loads in PEFT too), for example {@code
   * model\.encoder\.(?:.*\.)?(?:q_proj|v_proj)}; names with layers become globs ({@code
   * model.encoder.*.q_proj}) that keep the layers; globs keep the stack's part; a regular
   * expression is anchored to the stack.
   *
   * @param spec an injected method's spec, or any spec for {@link #BOTH}
   * @return the restricted spec; {@code spec} itself for {@link #BOTH}
   * @throws IllegalArgumentException for a method that adds no block (full fine-tuning trains every
   *     parameter), or targets of which nothing is left in the stack
   */
  public AdapterSpec restrict(AdapterSpec spec) {
    if (this == BOTH) {
      return spec;
    }
    return restrict(AdapterMethods.of(spec), spec);
  }

  private <S extends AdapterSpec> S restrict(AdapterMethod<S> method, S spec) {
    checkArgument(
        method.site().isPresent(),
        "%s adds no block to restrict to the %s: use --where both",
        spec.method(),
        label());
    return AdapterMethods.withTargets(
        spec, narrow(spec.targets()), spec.method() + " on the " + label());
  }

  Targets narrow(Targets t) {
    String quotedPrefix = escape(prefix);
    if (t.isRegex()) {
      return Targets.regex("(?=" + quotedPrefix + ")(?:" + t.regex() + ")");
    }
    boolean plain = t.modules().stream().noneMatch(m -> m.contains("*") || m.contains("?"));
    if (plain && t.layers().isEmpty()) {
      List<String> names = new ArrayList<>();
      t.modules().forEach(m -> names.add(escape(m)));
      return Targets.regex(quotedPrefix + "(?:.*\\.)?(?:" + String.join("|", names) + ")");
    }
    List<String> globs = new ArrayList<>();
    for (String m : t.modules()) {
      if (!m.contains("*") && !m.contains("?")) {
        globs.add(prefix + "*." + m);
      } else if (m.startsWith(prefix)) {
        globs.add(m);
      } else if (m.startsWith("*")) {
        globs.add(prefix + m);
      }
    }
    checkArgument(!globs.isEmpty(), "no target of %s lies in the %s", t.modules(), label());
    return new Targets(globs, t.layers());
  }

  private String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Escapes a module name for Java's and Python's regular expressions alike. */
  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (!Character.isLetterOrDigit(c) && c != '_') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
