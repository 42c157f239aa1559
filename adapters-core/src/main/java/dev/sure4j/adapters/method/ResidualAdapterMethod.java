package dev.sure4j.adapters.method;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.ResidualAdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * What the methods of every {@link ResidualAdapterSpec} share: one block at each selected residual
 * site, mixable per row, an optional layer norm with epsilon {@link #LAYER_NORM_EPS} ({@code 2 D}
 * parameters for hidden size {@code D}), and the JSON fields {@code layer_norm} and {@code init}
 * written after the method's own fields.
 *
 * @param <S> the method's spec type
 */
public abstract class ResidualAdapterMethod<S extends ResidualAdapterSpec>
    extends BaseAdapterMethod<S> {

  /** The epsilon of the adapter's own layer norm. */
  public static final float LAYER_NORM_EPS = 1e-5f;

  private final BranchFactory<S> factory;

  /**
   * Creates the method's identity.
   *
   * @param name the {@code peft_type}, e.g. {@code BOTTLENECK}
   * @param specType the spec record
   * @param factory creates the block at a residual site, e.g. {@code BottleneckAdapter::new}
   * @param capabilities what it can do beyond {@link Capability#MIXES_PER_ROW}
   */
  protected ResidualAdapterMethod(
      String name, Class<S> specType, BranchFactory<S> factory, Capability... capabilities) {
    super(
        name,
        specType,
        Site.RESIDUAL,
        Stream.concat(Stream.of(Capability.MIXES_PER_ROW), Arrays.stream(capabilities))
            .toArray(Capability[]::new));
    this.factory = factory;
  }

  /**
   * Counts the parameters of the branch without its layer norm.
   *
   * @param spec the spec
   * @param d the hidden size {@code D} of the residual site
   * @param w the branch's width, {@code spec.widthFor(D)}
   * @return the count
   */
  protected abstract long branchParameterCount(S spec, long d, long w);

  /**
   * Writes the method's own JSON fields, those before {@code layer_norm} and {@code init}.
   *
   * @param spec the spec
   * @param out the object to add them to
   */
  protected abstract void writeOwnFields(S spec, JsonObject out);

  /** {@inheritDoc} The block of the method's factory, with {@link #LAYER_NORM_EPS}. */
  @Override
  public final Block createBlock(S spec, InjectionPoint point) {
    return factory.create(point.hidden(), LAYER_NORM_EPS, spec);
  }

  /** {@inheritDoc} The branch, plus {@code 2 D} with the layer norm. */
  @Override
  public final long parameterCount(S spec, InjectionPoint point) {
    long d = point.hidden();
    return branchParameterCount(spec, d, spec.widthFor(point.hidden()))
        + (spec.layerNorm() ? 2 * d : 0);
  }

  /** {@inheritDoc} The method's own fields, then {@code layer_norm} and {@code init}. */
  @Override
  public final void writeFields(S spec, JsonObject out) {
    writeOwnFields(spec, out);
    out.addProperty("layer_norm", spec.layerNorm());
    out.addProperty("init", spec.init().jsonName());
  }

  /**
   * Creates a residual adapter block.
   *
   * @param <S> the spec type
   */
  @FunctionalInterface
  public interface BranchFactory<S> {

    /**
     * Creates the block for a residual site.
     *
     * @param hidden the hidden size {@code D}
     * @param layerNormEps the epsilon of the block's optional layer norm
     * @param spec the spec
     * @return the block, input and output {@code [batch, frames, D]}
     */
    Block create(int hidden, float layerNormEps, S spec);
  }
}
