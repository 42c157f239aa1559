package dev.sure4j.adapters.method;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableMap;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.nn.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One named adapter of an {@code AdapterModel}: its spec, the block created at each injection
 * point, and an optional task head. Created by {@code AdapterModel.prepare}, which builds and
 * initialises everything without touching the model; {@code AdapterModel.attach} then attaches it.
 */
public final class Adapter {

  /** The prefix of every base-model tensor name in adapter files, as in Hugging Face PEFT. */
  public static final String BASE_PREFIX = "base_model.model.";

  /** The prefix of head tensor names in adapter files. */
  public static final String HEAD_PREFIX = "head.";

  private final String name;
  private final AdapterMethod<?> method;
  private final AdapterSpec spec;
  private final Map<InjectionPoint, Block> blocks;
  private final Block head;
  private final Map<String, Parameter> baseTensors;

  /**
   * An attached adapter; {@code AdapterModel} creates it once every block is built and initialised.
   *
   * @param name the adapter's name
   * @param method its method
   * @param spec its spec
   * @param blocks the block attached at each injection point
   * @param head the task head, or null
   * @param baseTensors base-model parameters the adapter trains, by file name
   */
  public Adapter(
      String name,
      AdapterMethod<?> method,
      AdapterSpec spec,
      Map<InjectionPoint, Block> blocks,
      Block head,
      Map<String, Parameter> baseTensors) {
    this.name = name;
    this.method = method;
    this.spec = spec;
    this.blocks = ImmutableMap.copyOf(blocks);
    this.head = head;
    this.baseTensors = ImmutableMap.copyOf(baseTensors);
  }

  /**
   * Returns the adapter's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the spec the adapter was made from.
   *
   * @return the spec
   */
  public AdapterSpec spec() {
    return spec;
  }

  /**
   * Returns the block created at each injection point.
   *
   * @return an immutable map, in injection-point order
   */
  public Map<InjectionPoint, Block> blocks() {
    return blocks;
  }

  /**
   * Returns the task head, if any.
   *
   * @return the head
   */
  public Optional<Block> head() {
    return Optional.ofNullable(head);
  }

  /**
   * Returns every tensor this adapter owns, by its name in adapter files: {@code
   * base_model.model.<module path>.<parameter>} for adapter blocks ({@code ...q_proj.lora_A.weight}
   * for LoRA, as PEFT names it), the method's shared tensors ({@link AdapterMethod#sharedTensors}),
   * {@code head.<path>} for the head, and for full fine-tuning every base tensor as well.
   *
   * @return tensors by file name, in a stable order
   */
  public Map<String, Parameter> tensors() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    baseTensors.forEach((k, v) -> out.put(BASE_PREFIX + k, v));
    blocks.forEach((point, block) -> out.putAll(StateDict.of(block, BASE_PREFIX + point.path())));
    out.putAll(method.sharedTensors(this));
    if (head != null) {
      StateDict.of(head, "").forEach((k, v) -> out.put(HEAD_PREFIX + k, v));
    }
    return out;
  }

  /**
   * Tells whether this adapter owns the base model's tensors (full fine-tuning), so that it
   * replaces the backbone's weights instead of adding to them.
   *
   * @return whether the method owns the base tensors
   */
  public boolean ownsBaseTensors() {
    return method.ownsBaseTensors();
  }

  /**
   * Tells whether this adapter can be folded into the base weights: its method merges ({@link
   * AdapterMethod#mergeable}), it has blocks, and none of them is a convolution update that cannot
   * fold (LoRA on a grouped convolution, {@link ConvDelta#mergeable}).
   *
   * @return whether {@code AdapterModel.merge} accepts it
   */
  public boolean mergeable() {
    return method.mergeable()
        && !blocks.isEmpty()
        && blocks.values().stream().noneMatch(b -> b instanceof ConvDelta d && !d.mergeable());
  }

  /**
   * Returns the method that created this adapter.
   *
   * @return the method, the only description of what it can do
   */
  public AdapterMethod<?> method() {
    return method;
  }
}
