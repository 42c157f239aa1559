package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.inject.WeightDelta;
import dev.sure4j.adapters.inject.WeightInput;
import java.util.HashSet;
import java.util.Set;

/**
 * A host with a weight and an optional bias that its updates ({@link WeightDelta}) can be folded
 * into: keeps which adapters are merged, merges and unmerges them, and refuses to detach a merged
 * one. {@link AdaptableLinear} and {@link AdaptableConv1d} share it, and its forward pass: the base
 * output {@code y = op(x, weight, bias)} ({@link #baseOutput}) plus the updates ({@link
 * WeightDelta#apply}) of the adapters that run.
 */
public abstract class MergingHost extends HostBlock {

  private final Set<String> merged = new HashSet<>();
  private final String kind;
  private final Class<? extends WeightDelta> deltaType;
  private Parameter weight;
  private Parameter bias;

  /**
   * Creates the host; the subclass adds its parameters with {@link #addWeightAndBias}.
   *
   * @param version the block version
   * @param site the kind of point this host is
   * @param kind names this kind of host in messages, e.g. {@code linear layer}
   * @param deltaType the updates this host accepts, e.g. {@code LinearDelta}
   */
  protected MergingHost(
      byte version, Site site, String kind, Class<? extends WeightDelta> deltaType) {
    super(version, site);
    this.kind = kind;
    this.deltaType = deltaType;
  }

  /**
   * Adds {@code weight} and, optionally, {@code bias [weightShape[0]]}, drawn from {@code U(-bound,
   * bound)}, as PyTorch initialises {@code nn.Linear} and {@code nn.Conv1d} ({@code bound = 1 /
   * sqrt(fan_in)}). Called once, from the subclass constructor.
   *
   * @param weightShape the weight's shape, output features or channels first
   * @param withBias whether there is a bias
   * @param bound the half-width of the uniform range
   */
  protected final void addWeightAndBias(Shape weightShape, boolean withBias, float bound) {
    weight = addUniform("weight", Parameter.Type.WEIGHT, weightShape, bound);
    bias =
        withBias
            ? addUniform("bias", Parameter.Type.BIAS, new Shape(weightShape.get(0)), bound)
            : null;
  }

  /**
   * Returns the weight the updates fold into.
   *
   * @return the weight parameter
   */
  protected final Parameter weightParameter() {
    return weight;
  }

  /**
   * Returns the bias the updates fold into.
   *
   * @return the bias parameter, or null when the host has none
   */
  protected final Parameter biasParameter() {
    return bias;
  }

  /**
   * Computes the base output without updates.
   *
   * @param x the input, e.g. {@code [..., in]} or {@code [batch, in, time]}
   * @param w the weight's value
   * @param b the bias's value, or null
   * @return the base output, e.g. {@code [..., out]} or {@code [batch, out, time']}
   */
  protected abstract NDArray baseOutput(NDArray x, NDArray w, NDArray b);

  /**
   * {@inheritDoc} Accepts blocks of this host's delta type only.
   *
   * @throws IllegalArgumentException when the adapter is not of the delta type
   */
  @Override
  protected final void checkSuits(String name, Block adapter) {
    checkArgument(
        deltaType.isInstance(adapter),
        "adapter '%s' (%s) cannot attach to a %s: it is not a %s",
        name,
        adapter.getClass().getSimpleName(),
        kind,
        deltaType.getSimpleName());
  }

  /**
   * Computes {@link #baseOutput} from the input {@code x} and adds the updates of the adapters that
   * run ({@link #addUpdates}).
   */
  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = Ops.value(store, weight, x, training);
    NDArray b = bias == null ? null : Ops.value(store, bias, x, training);
    NDArray y = baseOutput(x, w, b);
    if (adapters().isEmpty()) {
      return new NDList(y);
    }
    return new NDList(
        addUpdates(
            x,
            y,
            (delta, xs, ys) ->
                ((WeightDelta) delta).apply(store, new WeightInput(xs, ys, w, b), training)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no base children; adapters are initialised when they are attached
  }

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
  private NDArray addUpdates(NDArray x, NDArray y, Update update) {
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
  private interface Update {

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

  private Parameter addUniform(String name, Parameter.Type type, Shape shape, float bound) {
    return addParameter(Parameters.of(name, type, shape, new UniformInitializer(bound)));
  }

  private NDArray bias() {
    Parameter b = biasParameter();
    return b == null ? null : b.getArray();
  }

  private WeightDelta delta(String name) {
    Block b = adapters().get(name);
    checkArgument(
        b != null, "no adapter '%s' on this %s; attached: %s", name, kind, adapters().keySet());
    return (WeightDelta) b;
  }
}
