package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The key-value cache of one decoding run: per decoder layer, the cross-attention keys and values
 * of the encoder states (computed once per utterance) and the self-attention keys and values of
 * every position decoded so far (appended at each step). Arrays are {@code [batch, heads, S,
 * head_dim]}; {@code batch} is the number of hypotheses (beams). Not thread-safe: one per run.
 */
public final class WhisperDecoderCache {

  private final List<Layer> layers;
  private long length;

  WhisperDecoderCache(List<KeyValues> cross) {
    layers = new ArrayList<>(cross.size());
    for (KeyValues kv : cross) {
      layers.add(new Layer(kv));
    }
  }

  /**
   * Returns the number of positions decoded so far.
   *
   * @return the offset of the next position
   */
  public long length() {
    return length;
  }

  Layer layer(int i) {
    return layers.get(i);
  }

  void advance(long positions) {
    length += positions;
  }

  /**
   * Reorders the hypotheses (beam search): row {@code i} becomes the old row {@code rows[i]}, in
   * both caches.
   *
   * @param rows int64 {@code [batch']}, each an old row
   */
  public void select(NDArray rows) {
    for (Layer l : layers) {
      l.cross = l.cross.select(rows);
      if (l.self != null) {
        l.self = l.self.select(rows);
      }
    }
  }

  /** The cache of one decoder layer. */
  static final class Layer {
    private KeyValues cross;
    private KeyValues self;

    Layer(KeyValues cross) {
      this.cross = cross;
    }

    KeyValues cross() {
      return cross;
    }

    KeyValues self() {
      return self;
    }

    void setSelf(KeyValues kv) {
      self = kv;
    }
  }
}
