package dev.sure4j.adapters.inject;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block that carries named adapters and runs the active ones. Implemented by the host blocks in
 * {@code dev.sure4j.adapters.nn}; adapters attached here become child blocks, so trainers see their
 * parameters.
 */
public interface AdapterHost {

  /**
   * Returns the kind of site this host is.
   *
   * @return the site
   */
  Site site();

  /**
   * Returns the feature size at this host: the input size of a linear layer, the hidden size {@code
   * D} of a residual site or attention block.
   *
   * @return the size, {@code > 0}
   */
  int hidden();

  /**
   * Tells whether this host sits in a causal stack that runs one new position at a time (a text
   * decoder with a key-value cache): such a host takes only adapters that act on each position
   * alone, since an adapter mixing positions over time would see the future in teacher-forced
   * training and a single position in decoding.
   *
   * @return false by default
   */
  default boolean causal() {
    return false;
  }

  /**
   * Attaches an initialised adapter block under a name. It stays inactive until activated.
   *
   * @param name the adapter name, unique on this host
   * @param adapter the block; its type must suit the site (for example a {@link LinearDelta} on a
   *     linear host)
   * @throws IllegalArgumentException when the name is taken or the block does not suit the site
   */
  void attachAdapter(String name, Block adapter);

  /**
   * Detaches and returns an adapter.
   *
   * @param name the adapter name
   * @return the detached block
   * @throws IllegalArgumentException when no adapter has that name
   */
  Block detachAdapter(String name);

  /**
   * Sets which adapters run, in order (residual adapters run in this order, one after the other).
   *
   * @param names attached adapter names; names not attached here are ignored
   */
  void setActiveAdapters(List<String> names);

  /**
   * Returns the attached adapters by name, in attachment order.
   *
   * @return an unmodifiable view
   */
  Map<String, Block> adapters();

  /**
   * Returns the names of the adapters that run, in order.
   *
   * @return an unmodifiable list
   */
  List<String> activeAdapters();

  /**
   * Sets (or clears) a per-row assignment of adapters for the next inference passes: while set, a
   * host that can apply its adapters per row (a linear layer's LoRA updates, a residual site's
   * bottleneck and convolutional adapters) applies to each row only the adapter that row names,
   * instead of the active adapters. Hosts that cannot (self-attention's prefixes) ignore it.
   *
   * @param rows the assignment, or empty to go back to the active adapters
   */
  void setRowAdapters(Optional<RowAdapters> rows);

  /**
   * Tells whether this host is an injection point ({@link InjectionPoints} lists it and targets can
   * select it). A host block used as a fixed part of a model, such as a convolution stem that no
   * adapter targets, returns false and stays out of every listing.
   *
   * @return true by default
   */
  default boolean injectionPoint() {
    return true;
  }
}
