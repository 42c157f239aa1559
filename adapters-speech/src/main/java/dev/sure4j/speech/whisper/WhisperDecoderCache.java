package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The key-value cache of one decoding run: per decoder layer, the cross-attention keys and values
 * of the encoder states (computed once per utterance) and the self-attention keys and values of
 * every position decoded so far (appended at each step). Arrays are {@code [batch, heads, S,
 * head_dim]}; {@code batch} is the number of hypotheses (beams). The arrays live in the manager of
 * the encoder states the cache was made from; a superseded array is closed at once, so a decoding
 * step may run in a sub-manager that is closed after it. Not thread-safe: one per run.
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
      l.select(rows);
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

    /** Replaces the self-attention entry, keeps it where the cache lives and frees the old one. */
    void setSelf(KeyValues kv) {
      KeyValues old = self;
      self = kv.keepIn(cross.keys().getManager());
      close(old, self);
    }

    void select(NDArray rows) {
      KeyValues oldCross = cross;
      cross = cross.select(rows);
      close(oldCross, cross);
      if (self != null) {
        KeyValues oldSelf = self;
        self = self.select(rows);
        close(oldSelf, self);
      }
    }

    private static void close(KeyValues old, KeyValues current) {
      if (old != null && old.keys() != current.keys()) {
        old.keys().close();
        old.values().close();
      }
    }
  }
}
