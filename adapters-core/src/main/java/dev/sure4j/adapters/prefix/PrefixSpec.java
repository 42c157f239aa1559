package dev.sure4j.adapters.prefix;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * Prefix tuning (Li and Liang, 2021) for encoder self-attention: every targeted attention layer
 * gains {@code length} learned key and value vectors that are placed in front of the projected keys
 * and values. Queries are unchanged, so the output keeps the input's number of frames; the prefix
 * positions are visible to every query, whatever the padding mask says.
 *
 * <p>Defaults follow the SURE reference: 30 positions, dropout 0.1 on the prefix, no
 * reparameterisation, every layer, which is {@code 2 * length * D} parameters per layer. With
 * {@link Builder#optReparameterize(int)} each layer instead learns an embedding {@code [length, D]}
 * mapped through {@code Linear(D -> h) -> tanh -> Linear(h -> 2D)}; that MLP is only a training
 * aid.
 *
 * @param length the number of prefix positions {@code P}, {@code > 0}
 * @param dropout dropout probability on the prefix keys and values, in {@code [0, 1)}
 * @param reparameterizeHidden the hidden width {@code h} of the reparameterisation MLP, or 0 for
 *     none
 * @param targets the self-attention sites, {@code attention} by default
 */
public record PrefixSpec(int length, double dropout, int reparameterizeHidden, Targets targets)
    implements AdapterSpec {

  /** Every self-attention layer. */
  public static final Targets DEFAULT_TARGETS = Targets.modules("attention");

  /** Validates the values. */
  public PrefixSpec {
    checkArgument(length > 0, "prefix length must be > 0: %s", length);
    checkArgument(dropout >= 0 && dropout < 1, "prefix dropout must be in [0, 1): %s", dropout);
    checkArgument(
        reparameterizeHidden >= 0, "prefix MLP hidden size must be >= 0: %s", reparameterizeHidden);
    checkArgument(targets != null, "prefix targets must not be null");
  }

  /**
   * Tells whether the prefix is produced by a reparameterisation MLP.
   *
   * @return true when {@link #reparameterizeHidden()} is positive
   */
  public boolean reparameterized() {
    return reparameterizeHidden > 0;
  }

  @Override
  public String method() {
    return "PREFIX_TUNING";
  }

  /**
   * Returns a builder with the SURE reference defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PrefixSpec}; every value is optional. */
  public static final class Builder {
    private int length = 30;
    private double dropout = 0.1;
    private int hidden;
    private Targets targets = DEFAULT_TARGETS;

    private Builder() {}

    /**
     * Sets the prefix length (default 30).
     *
     * @param length positions, {@code > 0}
     * @return this builder
     */
    public Builder optLength(int length) {
      this.length = length;
      return this;
    }

    /**
     * Sets the dropout on the prefix (default 0.1).
     *
     * @param dropout a probability in {@code [0, 1)}
     * @return this builder
     */
    public Builder optDropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /**
     * Produces the prefix with a two-layer MLP of this hidden width (default: no MLP).
     *
     * @param hidden the MLP width, {@code > 0}
     * @return this builder
     */
    public Builder optReparameterize(int hidden) {
      checkArgument(hidden > 0, "prefix MLP hidden size must be > 0: %s", hidden);
      this.hidden = hidden;
      return this;
    }

    /**
     * Sets the attention sites (default every layer).
     *
     * @param targets the targets
     * @return this builder
     */
    public Builder optTargets(Targets targets) {
      this.targets = targets;
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     */
    public PrefixSpec build() {
      return new PrefixSpec(length, dropout, hidden, targets);
    }
  }
}
