package dev.sure4j.speech.data;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import com.google.common.collect.AbstractIterator;
import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PaddedBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Manifest entries as training batches for a speech encoder, read from disk as they are needed.
 *
 * <p>Each batch holds data {@code (waves [batch, samples] float32, lengths [batch] int64)}: the
 * waveforms through the {@link AudioPipeline} (decoded, resampled, normalised when the checkpoint
 * asks for it), right-padded with the pipeline's padding value, and the number of real samples per
 * row; and the labels that {@link BatchLabels} makes from the batch's entries.
 *
 * <p><b>Unreadable files.</b> A file that cannot be read or decoded (or is shorter than the
 * encoder's receptive field) is reported once through the warning sink with its path and cause,
 * left out of its batch and of every later pass, and counted ({@link #skipped()}); a batch whose
 * files all fail is dropped. A bad file never stops an epoch.
 *
 * <p><b>Order.</b> With shuffling, each pass draws a permutation from the engine's random generator
 * ({@link NDManager#randomPermutation}), which the trainer seeds before each epoch, so the same
 * seed gives the same order. Without shuffling, the manifest order is kept.
 *
 * <p><b>Cache.</b> With {@link Builder#optCache(boolean)}, decoded waveforms stay in memory after
 * the first pass (about 4 bytes per sample: 64 kB per second of 16 kHz audio).
 */
public final class AudioDataset implements Dataset {

  private final List<ManifestEntry> entries;
  private final AudioPipeline pipeline;
  private final BatchLabels labels;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean cache;
  private final Consumer<String> warnings;
  private final Map<Integer, float[]> waves = new ConcurrentHashMap<>();
  private final Map<Integer, String> failures = new ConcurrentHashMap<>();
  private final AtomicLong skippedReads = new AtomicLong();

  private AudioDataset(Builder b) {
    this.entries = ImmutableList.copyOf(b.entries);
    this.pipeline = b.pipeline;
    this.labels = b.labels;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.cache = b.cache;
    this.warnings = b.warnings;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

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

  @Override
  public Iterable<Batch> getData(NDManager manager) {
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
      List<ManifestEntry> batchEntries = new ArrayList<>();
      for (int i = next; i < end; i++) {
        float[] x = load(order[i]);
        if (x != null) {
          clips.add(x);
          batchEntries.add(entries.get(order[i]));
        }
      }
      next = end;
      if (clips.isEmpty()) {
        return null;
      }
      NDManager m = manager.newSubManager();
      PaddedBatch padded = PaddedBatch.pad(clips, pipeline.config().paddingValue());
      NDArray wavesArray =
          m.create(padded.flat(), new Shape(padded.batchSize(), padded.maxLength()));
      long[] lengths = new long[padded.batchSize()];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = padded.lengths()[i];
      }
      NDList data = new NDList(wavesArray, m.create(lengths).toType(DataType.INT64, false));
      NDList labelArrays;
      try {
        labelArrays = labels.encode(m, batchEntries);
      } catch (RuntimeException ex) {
        m.close();
        throw ex;
      }
      return new Batch(
          m,
          data,
          labelArrays,
          clips.size(),
          Batchifier.STACK,
          Batchifier.STACK,
          end,
          order.length);
    }
  }

  /** Builds an {@link AudioDataset}; entries, pipeline and labels are required. */
  public static final class Builder {
    private List<ManifestEntry> entries;
    private AudioPipeline pipeline;
    private BatchLabels labels;
    private int batchSize = 16;
    private boolean shuffle;
    private boolean cache;
    private Consumer<String> warnings = System.err::println;

    private Builder() {}

    /**
     * Sets the entries (for example {@link Manifest#entries()}).
     *
     * @param v the entries, not empty
     * @return this builder
     */
    public Builder setEntries(List<ManifestEntry> v) {
      this.entries = v;
      return this;
    }

    /**
     * Sets how files become model input (sample rate, normalisation, padding value).
     *
     * @param v the pipeline
     * @return this builder
     */
    public Builder setPipeline(AudioPipeline v) {
      this.pipeline = v;
      return this;
    }

    /**
     * Sets how a batch's entries become label arrays.
     *
     * @param v the label encoder
     * @return this builder
     */
    public Builder setLabels(BatchLabels v) {
      this.labels = v;
      return this;
    }

    /**
     * Sets the number of entries per batch (default 16; a batch is smaller when files are
     * unreadable or at the end of a pass).
     *
     * @param v entries per batch, positive
     * @return this builder
     */
    public Builder optBatchSize(int v) {
      this.batchSize = v;
      return this;
    }

    /**
     * Shuffles the entries in every pass (default false).
     *
     * @param v whether to shuffle
     * @return this builder
     */
    public Builder optShuffle(boolean v) {
      this.shuffle = v;
      return this;
    }

    /**
     * Keeps decoded waveforms in memory after their first load (default false).
     *
     * @param v whether to cache
     * @return this builder
     */
    public Builder optCache(boolean v) {
      this.cache = v;
      return this;
    }

    /**
     * Sets where unreadable-file reports go (default standard error), one message per file.
     *
     * @param v the sink
     * @return this builder
     */
    public Builder optWarnings(Consumer<String> v) {
      this.warnings = v;
      return this;
    }

    /**
     * Builds the dataset.
     *
     * @return the dataset
     * @throws IllegalArgumentException for a missing required value or a non-positive batch size
     */
    public AudioDataset build() {
      checkArgument(entries != null && !entries.isEmpty(), "entries must be set and not empty");
      checkArgument(pipeline != null, "pipeline must be set");
      checkArgument(labels != null, "labels must be set");
      checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
      checkArgument(warnings != null, "warnings must not be null");
      return new AudioDataset(this);
    }
  }
}
