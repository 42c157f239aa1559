package dev.sure4j.adapters.model;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.AdaptableModel;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.StateDict;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A host model with any number of named adapters, each with an optional task head: the entry point
 * of the adapter API.
 *
 * <pre>{@code
 * AdapterModel model = AdapterModel.wrap(encoder);          // encoder: initialised AdaptableModel
 * model.addAdapter("emotion", LoraSpec.builder().build(), head);
 * model.setActiveAdapters("emotion");                       // base frozen, LoRA + head trainable
 * System.out.println(model.trainableParameters());
 * }</pre>
 *
 * <p>Forward: the base model's outputs, then, when an active adapter has a head, that head applied
 * to them. The head receives a {@link HeadFeed}: the base outputs and the model inputs after the
 * first (for example lengths), kept apart; a {@link FeedHead} reads them by name, a plain DJL block
 * as one list. With several adapters active, residual adapters run in activation order, LoRA
 * updates add up, prefixes are concatenated, and the head of the last active adapter that has one
 * runs.
 *
 * <p>Trainability follows activation: base parameters are frozen unless an active adapter's method
 * trains them (full fine-tuning), active adapters and their heads train, inactive ones are frozen.
 * DJL's {@code Model.newTrainer} can reset freezing, so call {@link #applyFreezing()} after
 * creating a trainer.
 */
public final class AdapterModel extends NamedBlock {

  private static final byte VERSION = 1;

  private final AdaptableModel base;
  private final Map<String, Parameter> baseParameters;
  private final List<InjectionPoint> points;
  private final AdapterPreparation preparation;
  private final Map<String, Adapter> adapters = new LinkedHashMap<>();
  private List<String> active = List.of();

  private AdapterModel(AdaptableModel base) {
    super(VERSION);
    this.base = base;
    this.baseParameters = StateDict.of(base, "");
    this.points = List.copyOf(base.injectionPoints());
    this.preparation = new AdapterPreparation(points, baseParameters);
    addNamed("model", base);
  }

  /**
   * Wraps an initialised host model. The model's own parameters become the frozen base.
   *
   * @param base the host model, with every parameter initialised
   * @return the adapter model
   * @throws IllegalArgumentException when a base parameter is not initialised
   */
  public static AdapterModel wrap(AdaptableModel base) {
    checkArgument(base != null, "base model must not be null");
    AdapterPreparation.checkInitialised(
        base, "base parameter %s is not initialised: initialise the model first");
    AdapterModel m = new AdapterModel(base);
    m.applyFreezing();
    return m;
  }

  /**
   * Returns the host model.
   *
   * @return the base model
   */
  public AdaptableModel base() {
    return base;
  }

  /**
   * Returns the base model's own parameters by module path (adapters excluded).
   *
   * @return an unmodifiable map
   */
  public Map<String, Parameter> baseParameters() {
    return baseParameters;
  }

  /**
   * Adds an adapter without a head. See {@link #addAdapter(String, AdapterSpec, Block)}.
   *
   * @param name a new adapter name (letters, digits, {@code _} or {@code -})
   * @param spec the method and its configuration
   * @return this model
   */
  public AdapterModel addAdapter(String name, AdapterSpec spec) {
    return addAdapter(name, spec, null);
  }

  /**
   * Adds an adapter: resolves every target, builds and initialises every block and only then
   * attaches them, so a failure leaves the model unchanged. The new adapter is inactive until
   * {@link #setActiveAdapters}.
   *
   * @param name a new adapter name (letters, digits, {@code _} or {@code -})
   * @param spec the method and its configuration
   * @param head an initialised task head, or null
   * @return this model
   */
  public AdapterModel addAdapter(String name, AdapterSpec spec, Block head) {
    attach(prepare(name, spec, head));
    return this;
  }

  /**
   * Builds and initialises an adapter for this model without attaching it.
   *
   * @param name a new adapter name
   * @param spec the method and its configuration
   * @param head an initialised task head, or null
   * @return the prepared adapter
   * @throws IllegalArgumentException for a taken or malformed name, targets that match nothing, a
   *     head that is not initialised, sizes the spec cannot serve, or more parameters than {@link
   *     InputLimits#maxTensorBytes()} holds as float32 (checked before any block is built)
   */
  public Adapter prepare(String name, AdapterSpec spec, Block head) {
    return preparation.prepare(name, spec, head, adapters.keySet());
  }

  /**
   * Attaches a prepared adapter to its injection points. It stays inactive.
   *
   * @param adapter an adapter from {@link #prepare} on this model
   */
  public void attach(Adapter adapter) {
    preparation.checkAttachable(adapter, adapters.keySet());
    adapter.blocks().forEach((p, b) -> p.host().attachAdapter(adapter.name(), b));
    adapters.put(adapter.name(), adapter);
    adapter.head().ifPresent(h -> addNamed("heads." + adapter.name(), h));
    applyFreezing();
  }

  /**
   * Removes an adapter and its head and closes their parameters.
   *
   * @param name an adapter name
   */
  public void deleteAdapter(String name) {
    Adapter a = adapter(name);
    checkArgument(
        !a.method().isMerged(a), "adapter '%s' is merged into the base: unmerge it first", name);
    a.blocks().forEach((p, b) -> p.host().detachAdapter(name));
    a.head().ifPresent(h -> removeNamed("heads." + name));
    adapters.remove(name);
    setActiveAdapters(active.stream().filter(n -> !n.equals(name)).toArray(String[]::new));
    a.blocks().values().forEach(b -> b.getParameters().values().forEach(Parameter::close));
  }

  /**
   * Returns an adapter by name.
   *
   * @param name the name
   * @return the adapter
   * @throws IllegalArgumentException when there is none, listing the names that exist
   */
  public Adapter adapter(String name) {
    Adapter a = adapters.get(name);
    checkArgument(a != null, "no adapter '%s'; adapters: %s", name, adapters.keySet());
    return a;
  }

  /**
   * Returns the adapters by name, in the order they were added.
   *
   * @return an unmodifiable view
   */
  public Map<String, Adapter> adapters() {
    return Collections.unmodifiableMap(adapters);
  }

  /**
   * Chooses which adapters run, in order; none runs the base model alone. Freezing follows (see the
   * class doc).
   *
   * @param names adapter names
   * @return this model
   */
  public AdapterModel setActiveAdapters(String... names) {
    for (String n : names) {
      adapter(n);
    }
    List<String> list = ImmutableList.copyOf(new LinkedHashSet<>(Arrays.asList(names)));
    for (InjectionPoint p : points) {
      p.host().setActiveAdapters(list);
    }
    active = list;
    applyFreezing();
    return this;
  }

  /**
   * Returns the active adapters, in order.
   *
   * @return an immutable list
   */
  public List<String> activeAdapters() {
    return active;
  }

  /**
   * Sets which parameters train: base frozen unless a full fine-tuning adapter is active (its
   * feature encoder stays frozen when the spec says so), active adapters and their heads trainable,
   * the rest frozen. Runs after every change of adapters; call it again after {@code
   * Model.newTrainer}, which may un-freeze parameters.
   */
  public void applyFreezing() {
    Freezing.apply(baseParameters, adapters, active);
  }

  /**
   * Returns the injection points of the host model, found once when it was wrapped.
   *
   * @return an immutable list
   */
  public List<InjectionPoint> injectionPoints() {
    return points;
  }

  /**
   * Counts trainable and total parameters, adapters and heads included.
   *
   * @return the report, printed as PEFT prints it
   */
  public ParameterReport trainableParameters() {
    return ParameterReport.of(this);
  }

  /**
   * Folds an adapter into the base weights, for inference without extra cost, as its method does it
   * ({@link dev.sure4j.adapters.method.AdapterMethod#merge}). While merged it does not run
   * separately and cannot be deleted.
   *
   * @param name an adapter whose method merges (LoRA)
   * @throws IllegalArgumentException when its method does not merge
   */
  public void merge(String name) {
    Adapter a = mergeableAdapter(name);
    a.method().merge(a);
  }

  /**
   * Subtracts a merged adapter from the base weights.
   *
   * @param name a merged adapter
   */
  public void unmerge(String name) {
    Adapter a = mergeableAdapter(name);
    a.method().unmerge(a);
  }

  private Adapter mergeableAdapter(String name) {
    Adapter a = adapter(name);
    checkArgument(
        a.mergeable(), "adapter '%s' is %s, which does not merge", name, a.spec().method());
    return a;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return ActiveHead.forward(
        base, ActiveHead.of(adapters, active), store, inputs, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return ActiveHead.outputShapes(base, ActiveHead.of(adapters, active), inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    base.initialize(manager, dataType, inputShapes);
  }
}
