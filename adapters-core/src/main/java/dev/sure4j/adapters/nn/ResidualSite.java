package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.Site;

/**
 * A place in a layer where residual adapters run: the identity until adapters are attached and
 * activated, then each active adapter in turn ({@code x = adapter(x)}; the adapter adds its own
 * residual).
 *
 * <p>Input and output {@code [batch, frames, D]}.
 */
public final class ResidualSite extends HostBlock {

  private static final byte VERSION = 1;

  private final int hidden;
  private final boolean causal;

  /**
   * Creates a residual site.
   *
   * @param hidden the hidden size {@code D}
   */
  public ResidualSite(int hidden) {
    this(hidden, false);
  }

  /**
   * Creates a residual site, in a causal stack or not.
   *
   * @param hidden the hidden size {@code D}
   * @param causal true in a stack decoded one position at a time (see {@link #causal()})
   */
  public ResidualSite(int hidden, boolean causal) {
    super(VERSION, Site.RESIDUAL);
    checkArgument(hidden > 0, "hidden size must be > 0: %s", hidden);
    this.hidden = hidden;
    this.causal = causal;
  }

  @Override
  public boolean causal() {
    return causal;
  }

  /**
   * Returns the hidden size.
   *
   * @return {@code D}
   */
  public int hidden() {
    return hidden;
  }

  @Override
  protected void checkSuits(String name, Block adapter) {
    checkArgument(adapter != null, "adapter '%s' is null", name);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (rowAdapters().isPresent()) {
      NDArray in = x;
      return new NDList(
          rowAdapters()
              .get()
              .route(
                  adapters().keySet(),
                  in,
                  (name, rows) ->
                      adapters()
                          .get(name)
                          .forward(store, new NDList(rows.apply(in)), training, params)
                          .singletonOrThrow()));
    }
    for (String name : activeAdapters()) {
      x = adapters().get(name).forward(store, new NDList(x), training, params).singletonOrThrow();
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // adapters are initialised when they are attached
  }
}
