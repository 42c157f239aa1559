package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.inject.AdapterHost;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.inject.Site;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter bookkeeping shared by every host block: named adapters attached as children under
 * {@code adapters.<name>}, and the ordered list of the active ones.
 */
public abstract class HostBlock extends NamedBlock implements AdapterHost {

  private final Site site;
  private final Map<String, Block> adapters = new LinkedHashMap<>();
  private List<String> active = List.of();
  private Optional<RowAdapters> rows = Optional.empty();

  /**
   * Creates a host block.
   *
   * @param version the version of this block's parameter layout
   * @param site the kind of point this host is
   */
  protected HostBlock(byte version, Site site) {
    super(version);
    this.site = site;
  }

  @Override
  public final Site site() {
    return site;
  }

  /**
   * Checks that an adapter block suits this host.
   *
   * @param name the adapter name
   * @param adapter the block
   * @throws IllegalArgumentException when it does not
   */
  protected abstract void checkSuits(String name, Block adapter);

  @Override
  public void attachAdapter(String name, Block adapter) {
    checkArgument(
        name != null && !name.isBlank() && name.indexOf('.') < 0, "bad adapter name: '%s'", name);
    checkArgument(
        !adapters.containsKey(name), "adapter '%s' is already attached to %s", name, this);
    checkSuits(name, adapter);
    adapters.put(name, adapter);
  }

  @Override
  public Block detachAdapter(String name) {
    Block b = adapters.remove(name);
    checkArgument(
        b != null, "no adapter '%s' is attached here; attached: %s", name, adapters.keySet());
    List<String> next = new ArrayList<>(active);
    next.remove(name);
    active = ImmutableList.copyOf(next);
    return b;
  }

  @Override
  public void setActiveAdapters(List<String> names) {
    List<String> next = new ArrayList<>();
    for (String n : names) {
      if (adapters.containsKey(n) && !next.contains(n)) {
        next.add(n);
      }
    }
    active = ImmutableList.copyOf(next);
  }

  @Override
  public void setRowAdapters(Optional<RowAdapters> rows) {
    this.rows = rows;
  }

  /**
   * Returns the per-row assignment of adapters, when one is set.
   *
   * @return the assignment, or empty
   */
  protected Optional<RowAdapters> rowAdapters() {
    return rows;
  }

  @Override
  public Map<String, Block> adapters() {
    return Collections.unmodifiableMap(adapters);
  }

  @Override
  public List<String> activeAdapters() {
    return active;
  }

  @Override
  public BlockList getChildren() {
    BlockList list = super.getChildren();
    adapters.forEach((n, b) -> list.add("adapters." + n, b));
    return list;
  }
}
