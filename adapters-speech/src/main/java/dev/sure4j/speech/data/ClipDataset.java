package dev.sure4j.speech.data;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import com.google.common.collect.AbstractIterator;
import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.audio.AudioPipeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A manifest-backed training dataset: what every such dataset shares (the order of a pass, the
 * audio read as batches are made, unreadable files reported once and left out, each batch's arrays
 * in their own sub-manager); a subclass only turns one batch's clips into arrays ({@link
 * #assemble}).
 *
 * <p><b>Unreadable files.</b> A file that cannot be read or decoded is reported once through the
 * warning sink with its path, manifest line and cause, left out of its batch and of every later
 * pass, and counted ({@link #skipped()}, {@link #skippedReads()}); a batch whose files all fail is
 * dropped. A bad file never stops an epoch.
 *
 * <p><b>Order.</b> With shuffling, each pass draws a permutation from the engine's random generator
 * ({@link NDManager#randomPermutation}), which the trainer seeds before each epoch, so the same
 * seed gives the same order. Without shuffling, the manifest order is kept.
 *
 * <p><b>Cache.</b> With caching, decoded waveforms stay in memory after their first load (4 bytes
 * per sample: 64 kB per second of 16 kHz audio).
 */
public abstract class ClipDataset implements Dataset {

  /**
   * The arrays of one batch.
   *
   * @param data the model inputs
   * @param labels the loss targets
   */
  public record BatchArrays(NDList data, NDList labels) {}

  private final List<ManifestEntry> entries;
  private final AudioPipeline pipeline;
  private final boolean cache;
  private final Consumer<String> warnings;
  private final int batchSize;
  private final boolean shuffle;
  private final Map<Integer, float[]> waves = new ConcurrentHashMap<>();
  private final Map<Integer, String> failures = new ConcurrentHashMap<>();
  private final AtomicLong skippedReads = new AtomicLong();

  /**
   * Creates the dataset.
   *
   * @param entries the manifest entries, by index
   * @param pipeline how an entry's audio file becomes a waveform
   * @param cache whether waveforms stay in memory after their first load
   * @param warnings where unreadable files are reported, one message per file
   * @param batchSize entries per batch, positive (fewer when files are unreadable or at the end)
   * @param shuffle whether each pass draws a new order
   * @throws IllegalArgumentException for a non-positive batch size or a null sink
   */
  protected ClipDataset(
      List<ManifestEntry> entries,
      AudioPipeline pipeline,
      boolean cache,
      Consumer<String> warnings,
      int batchSize,
      boolean shuffle) {
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
    checkArgument(warnings != null, "warnings must not be null");
    this.entries = ImmutableList.copyOf(entries);
    this.pipeline = pipeline;
    this.cache = cache;
    this.warnings = warnings;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
  }

  /**
   * Makes the arrays of one batch.
   *
   * @param manager the batch's manager; create the arrays with it (it is closed when this throws)
   * @param indices the manifest indices of the batch's readable entries, in batch order
   * @param clips their waveforms {@code [samples]}, in the same order
   * @return the data and the labels
   */
  protected abstract BatchArrays assemble(
      NDManager manager, List<Integer> indices, List<float[]> clips);

  /**
   * Returns the number of entries, readable or not.
   *
   * @return entries
   */
  public int size() {
    return entries.size();
  }

  /**
   * Returns the entries in manifest order.
   *
   * @return the entries
   */
  public List<ManifestEntry> entries() {
    return entries;
  }

  /**
   * Returns the pipeline the audio is read through.
   *
   * @return the pipeline
   */
  protected AudioPipeline pipeline() {
    return pipeline;
  }

  /**
   * Returns how many different files have failed to load so far.
   *
   * @return unreadable files
   */
  public int skipped() {
    return failures.size();
  }

  /**
   * Returns how many times a file was left out of a batch (an unreadable file counts once per
   * pass).
   *
   * @return skipped reads
   */
  public long skippedReads() {
    return skippedReads.get();
  }

  /**
   * Returns the unreadable files found so far with their causes.
   *
   * @return the failure message of every unreadable file, by manifest order
   */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = failures.get(i);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Returns one pass over the entries as batches, in manifest order or, with shuffling, in a
   * permutation drawn from the manager's random generator.
   *
   * @param manager the manager each batch's sub-manager comes from
   * @return the batches, made as they are iterated
   */
  @Override
  public final Iterable<Batch> getData(NDManager manager) {
    int[] order = new int[entries.size()];
    if (shuffle && order.length > 1) {
      long[] p = manager.randomPermutation(order.length).toLongArray();
      for (int i = 0; i < order.length; i++) {
        order[i] = (int) p[i];
      }
    } else {
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    }
    return () -> new BatchIterator(manager, order);
  }

  @Override
  public void prepare(Progress progress) {
    // nothing to prepare: files are read as batches are made
  }

  /** Loads one entry, or returns null (reporting it the first time) when it cannot be read. */
  private float[] load(int index) {
    float[] cached = waves.get(index);
    if (cached != null) {
      return cached;
    }
    if (failures.containsKey(index)) {
      skippedReads.incrementAndGet();
      return null;
    }
    ManifestEntry e = entries.get(index);
    try {
      float[] x = pipeline.load(e.audio());
      if (cache) {
        waves.put(index, x);
      }
      return x;
    } catch (IOException | RuntimeException ex) {
      String message =
          String.format(
              "skipping unreadable audio %s (manifest line %d): %s",
              e.audio(), e.line(), ex.getMessage());
      failures.put(index, message);
      skippedReads.incrementAndGet();
      warnings.accept(message);
      return null;
    }
  }

  /**
   * Batches in {@code order}; a batch whose files are all unreadable is skipped (Guava's {@link
   * AbstractIterator} looks one batch ahead).
   */
  private final class BatchIterator extends AbstractIterator<Batch> {
    private final NDManager manager;
    private final int[] order;
    private int next;

    BatchIterator(NDManager manager, int[] order) {
      this.manager = manager;
      this.order = order;
    }

    @Override
    protected Batch computeNext() {
      while (next < order.length) {
        Batch b = makeBatch();
        if (b != null) {
          return b;
        }
      }
      return endOfData();
    }

    /** Makes the batch starting at {@code next}, or null when all its files are unreadable. */
    private Batch makeBatch() {
      int end = Math.min(order.length, next + batchSize);
      List<float[]> clips = new ArrayList<>();
      List<Integer> indices = new ArrayList<>();
      for (int i = next; i < end; i++) {
        float[] x = load(order[i]);
        if (x != null) {
          clips.add(x);
          indices.add(order[i]);
        }
      }
      next = end;
      if (clips.isEmpty()) {
        return null;
      }
      NDManager m = manager.newSubManager();
      try {
        BatchArrays arrays = assemble(m, indices, clips);
        return new Batch(
            m,
            arrays.data(),
            arrays.labels(),
            clips.size(),
            Batchifier.STACK,
            Batchifier.STACK,
            end,
            order.length);
      } catch (RuntimeException ex) {
        m.close();
        throw ex;
      }
    }
  }
}
