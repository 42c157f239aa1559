package dev.sure4j.adapters.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import java.util.List;
import java.util.Locale;

/**
 * One configuration of a method that the product offers by name: what the command line accepts
 * ({@code --method lora}), what tables print ({@code LoRA}), the spec it trains, and the peak AdamW
 * learning rate it trains with. A method lists its variants per {@link Preset} ({@link
 * AdapterMethod#variants}); the commands, the demo, the benchmarks and the TTS trainer iterate them
 * instead of naming methods.
 *
 * @param cliName the command-line name, lower case, e.g. {@code lora} or {@code conv-identity}
 * @param label the name printed in tables, e.g. {@code ConvAdapter (identity)}
 * @param spec the spec
 * @param learningRate the peak learning rate, {@code > 0}
 * @param aliases further accepted names, lower case without spaces, hyphens or underscores
 */
public record MethodVariant(
    String cliName, String label, AdapterSpec spec, double learningRate, List<String> aliases) {

  /** Validates and copies. */
  public MethodVariant {
    checkArgument(
        cliName != null && cliName.equals(cliName.toLowerCase(Locale.ROOT)) && !cliName.isBlank(),
        "a variant's command-line name must be lower case and not blank: %s",
        cliName);
    checkArgument(label != null && !label.isBlank(), "variant %s needs a label", cliName);
    checkArgument(spec != null, "variant %s needs a spec", cliName);
    checkArgument(
        learningRate > 0, "variant %s: learning rate must be > 0: %s", cliName, learningRate);
    aliases = List.copyOf(aliases);
  }

  /**
   * Creates a variant.
   *
   * @param cliName the command-line name
   * @param label the table name
   * @param spec the spec
   * @param learningRate the peak learning rate
   * @param aliases further accepted names
   * @return the variant
   */
  public static MethodVariant of(
      String cliName, String label, AdapterSpec spec, double learningRate, String... aliases) {
    return new MethodVariant(cliName, label, spec, learningRate, List.of(aliases));
  }

  /**
   * Tells whether a name given by a user names this variant: its command-line name, its label or an
   * alias, ignoring case, spaces, hyphens, underscores and brackets ({@code ConvAdapter
   * (identity)}, {@code convadapter-identity}).
   *
   * @param name the name
   * @return true when it names this variant
   */
  public boolean matches(String name) {
    String key = key(name);
    return key.equals(key(cliName)) || key.equals(key(label)) || aliases.contains(key);
  }

  private static String key(String name) {
    return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[\\s\\-_()]", "");
  }
}
