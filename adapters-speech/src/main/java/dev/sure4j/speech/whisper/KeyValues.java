package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The projected keys and values of one attention block, {@code [batch, heads, S, head_dim]} each.
 *
 * @param keys the keys
 * @param values the values
 */
public record KeyValues(NDArray keys, NDArray values) {

  /**
   * Returns the number of key positions.
   *
   * @return {@code S}
   */
  public long length() {
    return keys.getShape().get(2);
  }

  /**
   * Appends the keys and values of later positions (a decoding step).
   *
   * @param next {@code [batch, heads, S', head_dim]}
   * @return {@code [batch, heads, S + S', head_dim]}
   */
  public KeyValues append(KeyValues next) {
    return new KeyValues(keys.concat(next.keys, 2), values.concat(next.values, 2));
  }

  /**
   * Picks batch rows, in a new order and possibly repeated (beam search).
   *
   * @param rows int64 {@code [batch']}, each in {@code [0, batch)}
   * @return {@code [batch', heads, S, head_dim]}
   */
  public KeyValues select(NDArray rows) {
    return new KeyValues(keys.get(rows), values.get(rows));
  }

  /**
   * Moves both arrays to a manager (a cache's home), so that they outlive a step's sub-manager.
   *
   * @param manager the manager
   * @return this pair
   */
  KeyValues keepIn(NDManager manager) {
    keys.attach(manager);
    values.attach(manager);
    return this;
  }
}
