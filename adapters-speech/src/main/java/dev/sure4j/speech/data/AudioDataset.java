package dev.sure4j.speech.data;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PaddedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Manifest entries as training batches for a speech encoder, read from disk as they are needed.
 *
 * <p>Each batch holds data {@code (waves [batch, samples] float32, lengths [batch] int64)}: the
 * waveforms through the {@link AudioPipeline} (decoded, resampled, normalised when the checkpoint
 * asks for it), right-padded with the pipeline's padding value, and the number of real samples per
 * row; and the labels that {@link BatchLabels} makes from the batch's entries.
 *
 * <p>Batches are made by {@link ClipDataset}: a file that cannot be read or decoded (or is shorter
 * than the encoder's receptive field) is reported once, left out and counted ({@link #skipped()});
 * shuffled passes follow the engine's seeded random generator; with {@link
 * Builder#optCache(boolean)}, decoded waveforms stay in memory after the first pass.
 */
public final class AudioDataset extends ClipDataset {

  private final BatchLabels labels;

  private AudioDataset(Builder b) {
    super(b.entries, b.pipeline, b.cache, b.warnings, b.batchSize, b.shuffle);
    this.labels = b.labels;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Pads the clips into {@code (waves, lengths)} and encodes the entries' labels. */
  @Override
  protected BatchArrays assemble(NDManager m, List<Integer> indices, List<float[]> waves) {
    PaddedBatch padded = PaddedBatch.pad(waves, pipeline().config().paddingValue());
    NDArray wavesArray = m.create(padded.flat(), new Shape(padded.batchSize(), padded.maxLength()));
    long[] lengths = new long[padded.batchSize()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = padded.lengths()[i];
    }
    NDList data = new NDList(wavesArray, m.create(lengths).toType(DataType.INT64, false));
    List<ManifestEntry> batchEntries = new ArrayList<>();
    for (int index : indices) {
      batchEntries.add(entries().get(index));
    }
    return new BatchArrays(data, labels.encode(m, batchEntries));
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
