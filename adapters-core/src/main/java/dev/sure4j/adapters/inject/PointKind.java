package dev.sure4j.adapters.inject;

/**
 * The kinds of injection point a host model can expose, named as in Hugging Face wav2vec2/HuBERT
 * module paths.
 */
public enum PointKind {
  /** The attention query projection, a {@link Site#LINEAR} point. */
  Q_PROJ("q_proj", Site.LINEAR),
  /** The attention key projection. */
  K_PROJ("k_proj", Site.LINEAR),
  /** The attention value projection. */
  V_PROJ("v_proj", Site.LINEAR),
  /** The attention output projection. */
  OUT_PROJ("out_proj", Site.LINEAR),
  /** The feed-forward input projection ({@code feed_forward.intermediate_dense}). */
  FFN_IN("intermediate_dense", Site.LINEAR),
  /** The feed-forward output projection ({@code feed_forward.output_dense}). */
  FFN_OUT("output_dense", Site.LINEAR),
  /** The residual site after the attention block of a layer. */
  POST_ATTENTION("post_attention", Site.RESIDUAL),
  /** The residual site after the feed-forward block: the last operation of a layer. */
  POST_FFN("post_ffn", Site.RESIDUAL),
  /** The key/value site of a self-attention block, where prefixes are prepended. */
  SELF_ATTENTION("attention", Site.ATTENTION);

  /** What kind of host block carries a point, and so which methods it accepts. */
  public enum Site {
    /** An {@code AdaptableLinear}: accepts LoRA. */
    LINEAR,
    /** A {@code ResidualSite}: accepts bottleneck and ConvAdapter blocks. */
    RESIDUAL,
    /** A {@code SelfAttention}: accepts prefixes. */
    ATTENTION
  }

  private final String moduleName;
  private final Site site;

  PointKind(String moduleName, Site site) {
    this.moduleName = moduleName;
    this.site = site;
  }

  /**
   * Returns the last component of the module path of points of this kind.
   *
   * @return e.g. {@code q_proj}
   */
  public String moduleName() {
    return moduleName;
  }

  /**
   * Returns the kind of host block that carries points of this kind.
   *
   * @return the site
   */
  public Site site() {
    return site;
  }
}
