package dev.sure4j.adapters.inject;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which adapter each row of a batch runs with, for mixed-adapter batches (S-LoRA / Punica style):
 * one backbone pass in which every host applies, to each group of rows, only that group's adapter.
 *
 * <p>Immutable; rows are grouped by adapter in order of first appearance.
 */
public final class RowAdapters {

  private final List<String> perRow;
  private final Map<String, int[]> groups;

  private RowAdapters(List<String> perRow) {
    checkArgument(perRow != null && !perRow.isEmpty(), "a mixed batch needs at least one row");
    for (int i = 0; i < perRow.size(); i++) {
      String n = perRow.get(i);
      checkArgument(n != null && !n.isBlank(), "row %s names no adapter: '%s'", i, n);
    }
    this.perRow = ImmutableList.copyOf(perRow);
    this.groups = group(this.perRow);
  }

  /**
   * Creates the assignment.
   *
   * @param perRow the adapter name of each row, {@code [batch]}, none blank
   * @return the assignment
   */
  public static RowAdapters of(List<String> perRow) {
    return new RowAdapters(perRow);
  }

  /**
   * Returns the adapter of each row.
   *
   * @return an immutable list, {@code [batch]}
   */
  public List<String> perRow() {
    return perRow;
  }

  /**
   * Returns the adapters of this batch, in order of first appearance.
   *
   * @return an immutable set
   */
  public Set<String> adapters() {
    return groups.keySet();
  }

  /**
   * Returns the rows that run an adapter.
   *
   * @param adapter an adapter of this batch
   * @return the row indices, ascending (a copy)
   */
  public int[] rows(String adapter) {
    int[] rows = groups.get(adapter);
    checkArgument(rows != null, "no row runs adapter '%s'; adapters: %s", adapter, groups.keySet());
    return rows.clone();
  }

  private static Map<String, int[]> group(List<String> perRow) {
    Map<String, List<Integer>> rows = new LinkedHashMap<>();
    for (int i = 0; i < perRow.size(); i++) {
      rows.computeIfAbsent(perRow.get(i), k -> new ArrayList<>()).add(i);
    }
    ImmutableMap.Builder<String, int[]> out = ImmutableMap.builder();
    rows.forEach((n, r) -> out.put(n, r.stream().mapToInt(Integer::intValue).toArray()));
    return out.build();
  }

  /**
   * Returns the batch size.
   *
   * @return the number of rows
   */
  public int batchSize() {
    return perRow.size();
  }

  /**
   * Runs each group's adapter on its rows and puts the results back in row order: rows whose
   * adapter is attached to the calling host get {@code perGroup(adapter, rows)}, the other rows get
   * their rows of {@code fallback}. When one attached adapter covers every row, {@code rows} is the
   * identity and nothing is gathered.
   *
   * @param attached the adapters attached to the calling host
   * @param fallback the output of rows without an adapter here, {@code [batch, ...]}
   * @param perGroup given an adapter and the row selector of its group ({@code [batch, ...]} to
   *     {@code [groupRows, ...]}), returns the group's output {@code [groupRows, ...]}, shaped as
   *     {@code fallback}'s rows
   * @return {@code [batch, ...]}
   */
  public NDArray route(Set<String> attached, NDArray fallback, GroupFunction perGroup) {
    checkArgument(
        fallback.getShape().get(0) == batchSize(),
        "a mixed batch of %s rows got an array of shape %s",
        batchSize(),
        fallback.getShape());
    List<String> here = new ArrayList<>();
    int covered = 0;
    for (Map.Entry<String, int[]> g : groups.entrySet()) {
      if (attached.contains(g.getKey())) {
        here.add(g.getKey());
        covered += g.getValue().length;
      }
    }
    if (here.isEmpty()) {
      return fallback;
    }
    if (here.size() == 1 && covered == batchSize()) {
      return perGroup.apply(here.get(0), UnaryOperator.identity());
    }
    NDManager manager = fallback.getManager();
    NDList parts = new NDList();
    long[] order = new long[batchSize()];
    boolean[] done = new boolean[batchSize()];
    int k = 0;
    for (String name : here) {
      int[] rows = groups.get(name);
      NDArray index = manager.create(toLong(rows));
      parts.add(perGroup.apply(name, t -> t.get(index)));
      for (int r : rows) {
        order[k++] = r;
        done[r] = true;
      }
    }
    if (covered < batchSize()) {
      long[] rest = new long[batchSize() - covered];
      int j = 0;
      for (int r = 0; r < batchSize(); r++) {
        if (!done[r]) {
          rest[j++] = r;
          order[k++] = r;
        }
      }
      parts.add(fallback.get(manager.create(rest)));
    }
    long[] inverse = new long[batchSize()];
    for (int i = 0; i < order.length; i++) {
      inverse[(int) order[i]] = i;
    }
    return NDArrays.concat(parts, 0).get(manager.create(inverse));
  }

  /**
   * Returns the rows of one adapter as an index.
   *
   * @param adapter an adapter of this batch
   * @param manager where the index is created
   * @return int64 {@code [groupRows]}
   */
  public NDArray index(String adapter, NDManager manager) {
    return manager.create(toLong(rows(adapter)));
  }

  private static long[] toLong(int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i];
    }
    return out;
  }

  /** A group's computation in {@link #route}. */
  @FunctionalInterface
  public interface GroupFunction {

    /**
     * Computes a group's output.
     *
     * @param adapter the group's adapter
     * @param rows selects the group's rows of any {@code [batch, ...]} array
     * @return the group's output {@code [groupRows, ...]}
     */
    NDArray apply(String adapter, UnaryOperator<NDArray> rows);
  }
}
