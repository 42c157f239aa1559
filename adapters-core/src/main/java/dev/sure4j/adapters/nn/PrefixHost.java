package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.PrefixProvider;
import dev.sure4j.adapters.inject.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * An attention block that takes prefixes ({@link Site#ATTENTION}): it accepts only {@link
 * PrefixProvider}s and hands the active ones' keys and values to its subclass, which puts them in
 * front of its own. Its output has the shape of its first input ({@code [batch, T, D]}).
 */
public abstract class PrefixHost extends HostBlock {

  /**
   * Creates the host.
   *
   * @param version the version of the block's parameter layout
   */
  protected PrefixHost(byte version) {
    super(version, Site.ATTENTION);
  }

  @Override
  protected final void checkSuits(String name, Block adapter) {
    checkArgument(
        adapter instanceof PrefixProvider,
        "adapter '%s' (%s) cannot attach to %s: it is not a PrefixProvider",
        name,
        adapter.getClass().getSimpleName(),
        getClass().getSimpleName());
  }

  /**
   * Computes the active prefixes, in activation order.
   *
   * @param store the parameter store of the current pass
   * @param manager the manager of the current batch
   * @param training whether dropout is active
   * @return per active adapter its keys and values {@code [P, D]}; empty when none is active
   */
  protected final List<NDList> activePrefixes(
      ParameterStore store, NDManager manager, boolean training) {
    List<NDList> out = new ArrayList<>();
    for (String name : activeAdapters()) {
      out.add(((PrefixProvider) adapters().get(name)).keyValues(store, manager, training));
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
