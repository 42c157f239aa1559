package dev.sure4j.adapters;

/**
 * What the builders of every {@link ResidualAdapterSpec} share: the optional layer norm, the start
 * ({@link AdapterInit}) and the residual sites, with their setters. Each spec's builder extends it
 * with its own values and {@code build()}.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class ResidualSpecBuilder<B extends ResidualSpecBuilder<B>> {

  /** Whether a layer norm precedes the branch. */
  protected boolean layerNorm;

  /** How the branch starts; {@link AdapterInit#SEED} unless set, as in SURE. */
  protected AdapterInit init = AdapterInit.SEED;

  /** The residual sites. */
  protected Targets targets;

  /**
   * Creates the builder with the spec's defaults.
   *
   * @param layerNorm whether a layer norm precedes the branch by default
   * @param targets the default residual sites
   */
  protected ResidualSpecBuilder(boolean layerNorm, Targets targets) {
    this.layerNorm = layerNorm;
    this.targets = targets;
  }

  /**
   * Returns this builder as its concrete type.
   *
   * @return this
   */
  protected abstract B self();

  /**
   * Sets whether a layer norm over the hidden size precedes the branch.
   *
   * @param layerNorm whether to normalise the input first
   * @return this builder
   */
  public B optLayerNorm(boolean layerNorm) {
    this.layerNorm = layerNorm;
    return self();
  }

  /**
   * Sets how the adapter starts (default {@link AdapterInit#SEED}, as in SURE).
   *
   * @param init {@code SEED} or {@code IDENTITY} (the last projection at zero)
   * @return this builder
   */
  public B optInit(AdapterInit init) {
    this.init = init;
    return self();
  }

  /**
   * Sets the residual sites (default {@code post_ffn}).
   *
   * @param targets {@code post_attention} and/or {@code post_ffn}, optionally restricted to layers
   * @return this builder
   */
  public B optTargets(Targets targets) {
    this.targets = targets;
    return self();
  }
}
