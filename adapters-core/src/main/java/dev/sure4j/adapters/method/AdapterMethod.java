package dev.sure4j.adapters.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything core needs to know about one adapter method, in one place: the kind of injection point
 * it attaches to, the block it puts there, its parameter formula, and its fields in {@code
 * adapter_config.json}. Each method lives in its own package ({@code lora}, {@code ia3}, {@code
 * bottleneck}, {@code conv}, {@code prefix}, {@code full}, {@code probe}) with its spec, its block
 * and its {@code AdapterMethod}; {@code AdapterMethods} lists them, and a new method is one more
 * package plus one {@code AdapterMethods.register} call.
 *
 * @param <S> the method's spec type
 */
public interface AdapterMethod<S extends AdapterSpec> {

  /**
   * Returns the method's name as written in adapter files ({@code peft_type}), e.g. {@code LORA}.
   *
   * @return the name, equal to {@link AdapterSpec#method()} of every spec of this method
   */
  String name();

  /**
   * Returns the spec record of this method.
   *
   * @return the class
   */
  Class<S> specType();

  /**
   * Returns the kind of injection point the method's blocks attach to.
   *
   * @return the site, or empty for methods that inject nothing (full fine-tuning, the linear probe)
   */
  Optional<Site> site();

  /**
   * Tells whether the method's blocks attach to points of a site. By default only to {@link
   * #site()}; a method that serves several kinds of host (LoRA on linear layers and on
   * convolutions) widens it, and its targets then select among the points of every accepted site.
   *
   * @param site a kind of injection point
   * @return true when {@link #createBlock} accepts points of that site
   */
  default boolean accepts(Site site) {
    return site().isPresent() && site().get() == site;
  }

  /**
   * Returns every site the method {@link #accepts}.
   *
   * @return the sites, in {@link Site} order; empty for methods that inject nothing
   */
  default Set<Site> acceptedSites() {
    Set<Site> sites = EnumSet.noneOf(Site.class);
    for (Site s : Site.values()) {
      if (accepts(s)) {
        sites.add(s);
      }
    }
    return sites;
  }

  /**
   * Creates the (uninitialised) block for one injection point. Called only when {@link #site()} is
   * present, for points of a site the method {@link #accepts}; {@code AdapterModel} initialises the
   * block with input shape {@code [1, 1, point.hidden()]}.
   *
   * @param spec the configuration
   * @param point the point, with its host block and feature size
   * @return a new block
   */
  Block createBlock(S spec, InjectionPoint point);

  /**
   * Creates the (uninitialised) blocks for all the points one adapter attaches to. By default one
   * {@link #createBlock} per point; a method whose blocks share state across points (VeRA's shared
   * projections, sized by the largest layer) overrides this.
   *
   * @param spec the configuration
   * @param points the resolved points, in model order, not empty
   * @return a new block for each point, in the order of {@code points}
   */
  default Map<InjectionPoint, Block> createBlocks(S spec, List<InjectionPoint> points) {
    Map<InjectionPoint, Block> blocks = new LinkedHashMap<>();
    for (InjectionPoint p : points) {
      blocks.put(p, createBlock(spec, p));
    }
    return blocks;
  }

  /**
   * Returns the tensors an adapter holds once for all its blocks and keeps in its file under their
   * own names (VeRA's {@code base_model.vera_A} and {@code base_model.vera_B} when the spec saves
   * them). They never train. None by default.
   *
   * @param adapter an adapter of this method
   * @return tensors by file name
   */
  default Map<String, Parameter> sharedTensors(Adapter adapter) {
    return Map.of();
  }

  /**
   * Returns the number of trainable scalars {@link #createBlock} adds at a point: the method's
   * closed-form parameter formula.
   *
   * @param spec the configuration
   * @param point the point
   * @return the count; 0 for methods that inject nothing
   */
  long parameterCount(S spec, InjectionPoint point);

  /**
   * Writes the spec's method-specific fields (not its method name, not its targets) as they appear
   * in {@code adapter_config.json}.
   *
   * @param spec the spec
   * @param out the JSON object to add the fields to
   */
  void writeFields(S spec, JsonObject out);

  /**
   * Reads a spec from its fields, the inverse of {@link #writeFields} (targets included for methods
   * with a site).
   *
   * @param fields typed access to the JSON object, with errors naming the file and field
   * @return the spec
   * @throws IllegalArgumentException naming the file and field for a missing or malformed field
   */
  S readFields(SpecFields fields);

  /**
   * Writes fields that only Hugging Face PEFT reads, at the top level of {@code
   * adapter_config.json} (LoRA's {@code bias}, {@code fan_in_fan_out}, ...). None by default.
   *
   * @param spec the spec
   * @param top the top-level JSON object
   */
  default void writePeftFields(S spec, JsonObject top) {}

  /**
   * Describes the spec's main settings in one short line, for listings.
   *
   * @param spec the spec
   * @return e.g. {@code r=8, alpha=1, q_proj,v_proj}
   */
  String describe(S spec);

  /**
   * Tells whether an active adapter of this method trains a base-model parameter (and so saves
   * every base tensor in its file). False by default: adapters leave the base frozen.
   *
   * @param spec the spec
   * @param path the base parameter's module path, e.g. {@code
   *     encoder.layers.0.attention.q_proj.weight}
   * @return whether that parameter trains
   */
  default boolean trainsBaseParameter(S spec, String path) {
    return false;
  }

  /**
   * Tells whether adapters of this method own the base model's tensors (full fine-tuning), so that
   * their files hold every base tensor.
   *
   * @return false by default
   */
  default boolean ownsBaseTensors() {
    return false;
  }

  /**
   * Tells whether adapters of this method can run per row of a batch ({@link
   * Capability#MIXES_PER_ROW}): true for unmerged LoRA, bottleneck and convolutional adapters;
   * false for prefixes and for methods that change the base weights.
   *
   * @return false by default
   */
  default boolean mixesPerRow() {
    return false;
  }

  /**
   * Returns the configurations of this method the product offers for a preset: the command-line
   * names, table labels, specs and learning rates. Commands, the demo, benchmarks and the TTS
   * trainer list methods only through these.
   *
   * @param preset where the configurations apply
   * @return the variants, in display order; empty when the method offers none for the preset
   */
  default List<MethodVariant> variants(Preset preset) {
    return List.of();
  }

  /**
   * Tells whether this method's blocks mix positions ({@link Capability#MIXES_POSITIONS}).
   *
   * @return false by default
   */
  default boolean mixesPositions() {
    return false;
  }

  /**
   * Tells whether an utterance's outputs depend on the padding beside it in a batch ({@link
   * Capability#PADDING_CHANGES_OUTPUTS}); servers batch such adapters only over equal lengths.
   *
   * @return false by default
   */
  default boolean paddingChangesOutputs() {
    return false;
  }

  /**
   * Returns the spec an adapter file of this adapter declares: its own spec by default. A method
   * whose start changes the base weights (LoRA's PiSSA and OLoRA) declares the plain equivalent it
   * writes with {@link #savedTensors}, so the file works on the untouched base model.
   *
   * @param adapter an attached adapter of this method
   * @return the spec to write
   */
  default AdapterSpec savedSpec(Adapter adapter) {
    return adapter.spec();
  }

  /**
   * Returns the tensors an adapter file of this adapter holds, by file name: the arrays of {@link
   * Adapter#tensors()} by default.
   *
   * @param adapter an attached adapter of this method
   * @param manager owns the new arrays a method computes; closed once the file is written
   * @return the tensors by name, in a stable order
   */
  default Map<String, NDArray> savedTensors(Adapter adapter, NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    adapter.tensors().forEach((k, p) -> out.put(k, p.getArray()));
    return out;
  }

  /**
   * Tells whether adapters of this method fold into the base weights ({@link #merge}), for
   * inference without extra cost.
   *
   * @return false by default
   */
  default boolean mergeable() {
    return false;
  }

  /**
   * Folds an attached adapter of this method into the base weights; while merged it does not run
   * separately and cannot be removed.
   *
   * @param adapter an attached adapter of this method, not merged
   * @throws IllegalArgumentException when the method does not merge or the adapter is merged
   */
  default void merge(Adapter adapter) {
    throw new IllegalArgumentException(notMergeable(adapter));
  }

  /**
   * Subtracts a merged adapter of this method from the base weights, the inverse of {@link #merge}.
   *
   * @param adapter a merged adapter of this method
   * @throws IllegalArgumentException when the method does not merge or the adapter is not merged
   */
  default void unmerge(Adapter adapter) {
    throw new IllegalArgumentException(notMergeable(adapter));
  }

  /**
   * Tells whether an adapter of this method is folded into the base weights.
   *
   * @param adapter an attached adapter of this method
   * @return false by default
   */
  default boolean isMerged(Adapter adapter) {
    return false;
  }

  private String notMergeable(Adapter adapter) {
    return "adapter '" + adapter.name() + "' is " + name() + ", which does not merge";
  }
}
