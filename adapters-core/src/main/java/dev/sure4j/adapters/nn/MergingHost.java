package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.inject.WeightDelta;
import java.util.HashSet;
import java.util.Set;

/**
 * A host with a weight and an optional bias that its updates ({@link WeightDelta}) can be folded
 * into: keeps which adapters are merged, merges and unmerges them, and refuses to detach a merged
 * one. {@link AdaptableLinear} and {@link AdaptableConv1d} share it.
 */
public abstract class MergingHost extends HostBlock {

  private final Set<String> merged = new HashSet<>();

  /**
   * Creates the host.
   *
   * @param version the block version
   */
  protected MergingHost(byte version) {
    super(version);
  }

  /**
   * Adds a parameter drawn from {@code U(-bound, bound)}, as PyTorch initialises the weight and
   * bias of {@code nn.Linear} and {@code nn.Conv1d} ({@code bound = 1 / sqrt(fan_in)}).
   *
   * @param name the parameter name, {@code weight} or {@code bias}
   * @param type its type
   * @param shape its shape
   * @param bound the half-width of the uniform range
   * @return the added parameter
   */
  protected final Parameter addUniform(String name, Parameter.Type type, Shape shape, float bound) {
    return addParameter(Parameters.of(name, type, shape, new UniformInitializer(bound)));
  }

  /**
   * Returns the weight the updates fold into.
   *
   * @return the weight parameter
   */
  protected abstract Parameter weightParameter();

  /**
   * Returns the bias the updates fold into.
   *
   * @return the bias parameter, or null when the host has none
   */
  protected abstract Parameter biasParameter();

  /**
   * Names this kind of host in messages.
   *
   * @return e.g. {@code linear layer}
   */
  protected abstract String kind();

  @Override
  public Block detachAdapter(String name) {
    checkArgument(
        !merged.contains(name), "adapter '%s' is merged into the weight: unmerge it first", name);
    return super.detachAdapter(name);
  }

  /**
   * Tells whether an adapter is folded into the weight.
   *
   * @param name the adapter name
   * @return true when merged
   */
  public boolean isMerged(String name) {
    return merged.contains(name);
  }

  /**
   * Tells whether any adapter is folded into the weight.
   *
   * @return true when at least one is merged
   */
  public boolean hasMerged() {
    return !merged.isEmpty();
  }

  /**
   * Folds an adapter's update into the weight and bias ({@link WeightDelta#merge}). While merged,
   * the adapter does not run separately.
   *
   * @param name an attached adapter
   * @throws IllegalArgumentException when it is not attached, is merged already, or cannot merge
   */
  public void merge(String name) {
    WeightDelta d = delta(name);
    checkArgument(!merged.contains(name), "adapter '%s' is already merged", name);
    d.merge(weightParameter().getArray(), bias());
    merged.add(name);
  }

  /**
   * Takes a merged adapter's update out of the weight and bias ({@link WeightDelta#unmerge}).
   *
   * @param name a merged adapter
   * @throws IllegalArgumentException when it is not attached or not merged
   */
  public void unmerge(String name) {
    WeightDelta d = delta(name);
    checkArgument(merged.contains(name), "adapter '%s' is not merged", name);
    d.unmerge(weightParameter().getArray(), bias());
    merged.remove(name);
  }

  /**
   * Adds the updates of the adapters that run to a base output: per row group when the batch mixes
   * adapters ({@link RowAdapters#route}), otherwise every active, unmerged adapter in turn. The one
   * routing mechanism of {@link AdaptableLinear} and {@link AdaptableConv1d}.
   *
   * @param x the host's input {@code [batch, ...]}
   * @param y the host's base output {@code [batch, ...]}
   * @param update computes one adapter's update for (rows of) {@code x} and {@code y}
   * @return {@code y} plus the updates, shaped like {@code y}
   */
  protected final NDArray addUpdates(NDArray x, NDArray y, Update update) {
    if (rowAdapters().isPresent()) {
      return rowAdapters()
          .get()
          .route(
              adapters().keySet(),
              y,
              (name, rows) ->
                  rows.apply(y)
                      .add(update.apply(adapters().get(name), rows.apply(x), rows.apply(y))));
    }
    NDArray sum = y;
    for (String name : activeAdapters()) {
      if (!isMerged(name)) {
        sum = sum.add(update.apply(adapters().get(name), x, y));
      }
    }
    return sum;
  }

  /** One adapter's update in {@link #addUpdates}. */
  @FunctionalInterface
  protected interface Update {

    /**
     * Computes an adapter's update.
     *
     * @param adapter the attached adapter block
     * @param x the host's input rows {@code [rows, ...]}
     * @param output the host's base output for those rows {@code [rows, ...]}
     * @return the update, shaped like {@code output}
     */
    NDArray apply(Block adapter, NDArray x, NDArray output);
  }

  private NDArray bias() {
    Parameter b = biasParameter();
    return b == null ? null : b.getArray();
  }

  private WeightDelta delta(String name) {
    Block b = adapters().get(name);
    checkArgument(
        b != null, "no adapter '%s' on this %s; attached: %s", name, kind(), adapters().keySet());
    return (WeightDelta) b;
  }
}
