package dev.sure4j.adapters.vera;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * VeRA (Kopiczko et al., 2024): every selected linear layer {@code y = W x + b} gains the update
 * {@code lambda_b * (B (lambda_d * (A dropout(x))))}, where {@code A: [r, max in]} and {@code B:
 * [max out, r]} are frozen random matrices shared by all the adapter's layers (each layer uses
 * {@code A[:, :in]} and {@code B[:out, :]}) and only the vectors {@code lambda_d: [r]} and {@code
 * lambda_b: [out]} train. {@code lambda_b} starts at zero, so the adapted model starts equal to the
 * base model.
 *
 * <p>Defaults follow Hugging Face PEFT's {@code VeraConfig} except the rank (PEFT: 256, here 64,
 * see {@link Builder#optRank}) and the targets (PEFT's depend on the model type; here {@code
 * q_proj} and {@code v_proj}, as the VeRA paper adapts the query and value projections).
 *
 * @param rank the rank {@code r} of the shared projections, {@code > 0}
 * @param projectionPrngKey the seed PEFT draws {@code A} and {@code B} from ({@code
 *     projection_prng_key}, default 0; PyTorch uses its low 32 bits), {@code >= 0}
 * @param saveProjection whether adapter files hold {@code A} and {@code B} ({@code
 *     save_projection}, default true); when false they are regenerated from the key on loading
 * @param dropout dropout probability on the VeRA branch input ({@code vera_dropout}, default 0), in
 *     {@code [0, 1)}
 * @param dInitial the initial value of every {@code lambda_d} entry ({@code d_initial}, default
 *     0.1), finite
 * @param targets the linear layers to adapt
 */
public record VeraSpec(
    int rank,
    long projectionPrngKey,
    boolean saveProjection,
    double dropout,
    double dInitial,
    Targets targets)
    implements AdapterSpec {

  /** The default targets: the attention query and value projections. */
  public static final Targets DEFAULT_TARGETS = Targets.modules("q_proj", "v_proj");

  /** The default rank. */
  public static final int DEFAULT_RANK = 64;

  /** Validates the values. */
  public VeraSpec {
    checkArgument(rank > 0, "VeRA rank must be > 0: %s", rank);
    checkArgument(
        projectionPrngKey >= 0, "VeRA projection_prng_key must be >= 0: %s", projectionPrngKey);
    checkArgument(dropout >= 0 && dropout < 1, "VeRA dropout must be in [0, 1): %s", dropout);
    checkArgument(Double.isFinite(dInitial), "VeRA d_initial must be finite: %s", dInitial);
    checkArgument(targets != null, "VeRA targets must not be null");
  }

  @Override
  public String method() {
    return "VERA";
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VeraSpec}; every value is optional. */
  public static final class Builder {
    private int rank = DEFAULT_RANK;
    private long projectionPrngKey;
    private boolean saveProjection = true;
    private double dropout;
    private double dInitial = 0.1;
    private Targets targets = DEFAULT_TARGETS;

    private Builder() {}

    /**
     * Sets the rank (default 64: PEFT's 256 suits hidden sizes of 768 and more; 64 keeps the shared
     * projections of small encoders, hidden 32 to 768, cheap while still giving each layer more
     * random directions than LoRA's rank 8).
     *
     * @param rank the rank, {@code > 0}
     * @return this builder
     */
    public Builder optRank(int rank) {
      this.rank = rank;
      return this;
    }

    /**
     * Sets the seed of the shared projections (default 0, PEFT's).
     *
     * @param key the key, {@code >= 0}
     * @return this builder
     */
    public Builder optProjectionPrngKey(long key) {
      this.projectionPrngKey = key;
      return this;
    }

    /**
     * Sets whether adapter files hold the shared projections (default true, PEFT's).
     *
     * @param save true to save {@code A} and {@code B}, false to regenerate them from the key
     * @return this builder
     */
    public Builder optSaveProjection(boolean save) {
      this.saveProjection = save;
      return this;
    }

    /**
     * Sets the dropout on the VeRA input (default 0).
     *
     * @param dropout a probability in {@code [0, 1)}
     * @return this builder
     */
    public Builder optDropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /**
     * Sets the initial value of {@code lambda_d} (default 0.1, PEFT's).
     *
     * @param dInitial a finite value
     * @return this builder
     */
    public Builder optDInitial(double dInitial) {
      this.dInitial = dInitial;
      return this;
    }

    /**
     * Sets the targets (default {@link #DEFAULT_TARGETS}).
     *
     * @param targets the linear layers to adapt
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
    public VeraSpec build() {
      return new VeraSpec(rank, projectionPrngKey, saveProjection, dropout, dInitial, targets);
    }
  }
}
