package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * LoRA (Hu et al., 2021): a frozen linear layer {@code y = W x + b} gains a trainable low-rank
 * update, {@code y = W x + b + (alpha / r) * B A dropout(x)}, with {@code A: [r, in]} random and
 * {@code B: [out, r]} zero, so that the adapted model starts equal to the base model.
 *
 * <p>Defaults follow the SURE reference: {@code r = 8}, {@code alpha = 1}, no dropout, on the
 * attention {@code q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj} and both feed-forward
 * linears ({@code intermediate_dense}, {@code output_dense}) of every layer. Hugging Face PEFT's
 * default {@code lora_alpha} is 8; set it explicitly when matching a PEFT run.
 *
 * <p>With {@code useRslora} (rank-stabilised LoRA, Kalajdzievski 2023; PEFT's {@code use_rslora})
 * the update is multiplied by {@code alpha / sqrt(r)} instead of {@code alpha / r}. With {@code
 * useDora} (DoRA, Liu et al. 2024; PEFT's {@code use_dora}) each layer's weight becomes {@code m /
 * ||W + s B A|| (W + s B A)} with a trainable magnitude {@code m} per output row ({@link
 * DoraDelta}; on a 1-d convolution per output channel, {@link DoraConvDelta}).
 *
 * @param rank the rank {@code r}, {@code > 0}
 * @param alpha the scaling numerator; the update is multiplied by {@code alpha / rank}
 * @param dropout dropout probability on the LoRA branch input, in {@code [0, 1)}
 * @param targets the linear layers, and convolutions when named, to adapt
 * @param useRslora whether the scaling is {@code alpha / sqrt(rank)} (rsLoRA)
 * @param useDora whether the update is weight-decomposed (DoRA)
 * @param init how {@code A} and {@code B} start (PEFT's {@code init_lora_weights}); PiSSA and OLoRA
 *     start from the base weight, see {@link LoraInit}
 */
public record LoraSpec(
    int rank,
    double alpha,
    double dropout,
    Targets targets,
    boolean useRslora,
    boolean useDora,
    LoraInit init)
    implements AdapterSpec {

  /** The SURE reference targets: every attention projection and both feed-forward linears. */
  public static final Targets DEFAULT_TARGETS =
      Targets.modules(
          "q_proj", "k_proj", "v_proj", "out_proj", "intermediate_dense", "output_dense");

  /** Validates the values. */
  public LoraSpec {
    checkArgument(rank > 0, "LoRA rank must be > 0: %s", rank);
    checkArgument(
        Double.isFinite(alpha) && alpha > 0, "LoRA alpha must be finite and > 0: %s", alpha);
    checkArgument(dropout >= 0 && dropout < 1, "LoRA dropout must be in [0, 1): %s", dropout);
    checkArgument(targets != null, "LoRA targets must not be null");
    checkArgument(init != null, "LoRA init must not be null");
    checkArgument(
        !(useDora && init.changesBase()),
        "LoRA init %s starts from the base weight and does not combine with DoRA",
        init);
  }

  /**
   * Creates a plain LoRA spec (scaling {@code alpha / rank}, PEFT's default start {@link
   * LoraInit#KAIMING}).
   *
   * @param rank the rank {@code r}, {@code > 0}
   * @param alpha the scaling numerator
   * @param dropout dropout probability on the LoRA branch input, in {@code [0, 1)}
   * @param targets the linear layers to adapt
   */
  public LoraSpec(int rank, double alpha, double dropout, Targets targets) {
    this(rank, alpha, dropout, targets, false, false, LoraInit.KAIMING);
  }

  /**
   * Returns the factor that multiplies the low-rank update: {@code alpha / rank}, or {@code alpha /
   * sqrt(rank)} with rsLoRA.
   *
   * @return the scaling
   */
  public double scaling() {
    return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
  }

  @Override
  public String method() {
    return "LORA";
  }

  /**
   * Returns a builder with the SURE reference defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LoraSpec}; every value is optional. */
  public static final class Builder {
    private int rank = 8;
    private double alpha = 1;
    private double dropout;
    private Targets targets = DEFAULT_TARGETS;
    private boolean useRslora;
    private boolean useDora;
    private LoraInit init = LoraInit.KAIMING;

    private Builder() {}

    /**
     * Sets the rank (default 8).
     *
     * @param rank the rank, {@code > 0}
     * @return this builder
     */
    public Builder optRank(int rank) {
      this.rank = rank;
      return this;
    }

    /**
     * Sets alpha (default 1, the SURE value).
     *
     * @param alpha the scaling numerator
     * @return this builder
     */
    public Builder optAlpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the dropout on the LoRA input (default 0).
     *
     * @param dropout a probability in {@code [0, 1)}
     * @return this builder
     */
    public Builder optDropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /**
     * Sets the targets (default {@link #DEFAULT_TARGETS}).
     *
     * @param targets the linear layers, and convolutions when named, to adapt
     * @return this builder
     */
    public Builder optTargets(Targets targets) {
      this.targets = targets;
      return this;
    }

    /**
     * Sets rank-stabilised scaling {@code alpha / sqrt(rank)} (default false: {@code alpha /
     * rank}).
     *
     * @param useRslora whether to use rsLoRA scaling
     * @return this builder
     */
    public Builder optUseRslora(boolean useRslora) {
      this.useRslora = useRslora;
      return this;
    }

    /**
     * Sets DoRA, the weight-decomposed update with a magnitude per output row (default false).
     *
     * @param useDora whether to use DoRA
     * @return this builder
     */
    public Builder optUseDora(boolean useDora) {
      this.useDora = useDora;
      return this;
    }

    /**
     * Sets how {@code A} and {@code B} start (default {@link LoraInit#KAIMING}).
     *
     * @param init the start, e.g. {@link LoraInit#PISSA}
     * @return this builder
     */
    public Builder optInit(LoraInit init) {
      this.init = init;
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     */
    public LoraSpec build() {
      return new LoraSpec(rank, alpha, dropout, targets, useRslora, useDora, init);
    }
  }
}
