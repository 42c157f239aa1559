package dev.sure4j.adapters.ia3;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IA3 (Liu et al., 2022, "Few-Shot Parameter-Efficient Fine-Tuning is Better and Cheaper than
 * In-Context Learning"): each selected linear layer {@code y = x W^T + b} gains a learned vector
 * {@code l} that scales its output, {@code y' = l * (x W^T + b)} ({@code l: [out]}), or, for a
 * feed-forward layer, its input, {@code y' = (l * x) W^T + b} ({@code l: [in]}). The vectors start
 * at one, so the adapted model starts equal to the base model.
 *
 * <p>Defaults follow Hugging Face PEFT's IA3 placement for encoder models: the attention {@code
 * k_proj} and {@code v_proj} and the second feed-forward linear {@code output_dense}, which is a
 * feed-forward layer (its input is scaled).
 *
 * @param targets the linear layers to scale (PEFT's {@code target_modules})
 * @param feedforward the entries of {@code targets.modules()} whose layers scale their input
 *     (PEFT's {@code feedforward_modules}); with targets listed by name, each must be one of the
 *     target entries, as PEFT requires; with targets given as a regular expression PEFT checks
 *     nothing, and neither does this (the feed-forward rule of {@link #isFeedforward} still applies
 *     to the paths the expression selects)
 */
public record Ia3Spec(Targets targets, List<String> feedforward) implements AdapterSpec {

  /** The default targets: the attention key and value projections and the feed-forward output. */
  public static final Targets DEFAULT_TARGETS = Targets.modules("k_proj", "v_proj", "output_dense");

  /** The default feed-forward entries: {@code output_dense}. */
  public static final List<String> DEFAULT_FEEDFORWARD = List.of("output_dense");

  /** Validates and copies the values. */
  public Ia3Spec {
    checkArgument(targets != null, "IA3 targets must not be null");
    checkArgument(feedforward != null, "IA3 feed-forward modules must not be null (use [])");
    if (!targets
        .isRegex()) { // PEFT checks the list against target_modules only when both are lists
      for (String f : feedforward) {
        checkArgument(
            targets.modules().contains(f),
            "IA3 feed-forward module '%s' must also be a target; targets: %s",
            f,
            targets.modules());
      }
    }
    feedforward = ImmutableList.copyOf(feedforward);
  }

  /**
   * Tells whether the layer at a module path scales its input (a feed-forward layer), by PEFT's
   * rule: the path ends with one of the {@link #feedforward()} names (a plain suffix, without a dot
   * boundary); an entry with {@code *} or {@code ?} is a glob over the whole path.
   *
   * @param path the module path, e.g. {@code encoder.layers.0.feed_forward.output_dense}
   * @return true when the input is scaled, false when the output is
   */
  public boolean isFeedforward(String path) {
    for (String f : feedforward) {
      boolean glob = f.indexOf('*') >= 0 || f.indexOf('?') >= 0;
      if (glob ? globMatches(f, path) : path.endsWith(f)) {
        return true;
      }
    }
    return false;
  }

  private static boolean globMatches(String glob, String path) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      sb.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.matches(sb.toString(), path);
  }

  @Override
  public String method() {
    return "IA3";
  }

  /**
   * Returns a builder with the defaults ({@link #DEFAULT_TARGETS}, {@link #DEFAULT_FEEDFORWARD}).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Ia3Spec}; every value is optional. */
  public static final class Builder {
    private Targets targets = DEFAULT_TARGETS;
    private List<String> feedforward = DEFAULT_FEEDFORWARD;

    private Builder() {}

    /**
     * Sets the targets (default {@link #DEFAULT_TARGETS}).
     *
     * @param targets the linear layers to scale
     * @return this builder
     */
    public Builder optTargets(Targets targets) {
      this.targets = targets;
      return this;
    }

    /**
     * Sets the feed-forward entries (default {@code output_dense}); each must be a target entry.
     *
     * @param modules entries of the targets' module list
     * @return this builder
     */
    public Builder optFeedforward(String... modules) {
      this.feedforward = Arrays.asList(modules);
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     */
    public Ia3Spec build() {
      return new Ia3Spec(targets, feedforward);
    }
  }
}
