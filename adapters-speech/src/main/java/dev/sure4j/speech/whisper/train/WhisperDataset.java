package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import com.google.common.collect.AbstractIterator;
import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Manifest entries as teacher-forced Whisper batches ({@link WhisperBatch}): data {@code (features
 * [B, n_mels, 3000], input ids [B, T])}, labels {@code ([B, T])}, padded to the longest utterance
 * of each batch ({@link WhisperTargets}).
 *
 * <p>The transcripts (column {@code transcript}) are tokenised once, with a leading space as
 * Whisper's own transcripts start ({@code " " + transcript.strip()}). Waveforms are read through
 * the pipeline as batches are made and kept in memory (4 bytes per sample); the log-mel features
 * are computed per batch. A file that cannot be read is reported once through the warning sink,
 * left out of its batch and of every later pass; a batch whose files all fail is dropped.
 *
 * <p>With shuffling each pass draws a permutation from the engine's random generator, which the
 * trainer seeds before each epoch, so the same seed gives the same order.
 */
public final class WhisperDataset implements Dataset {

  private final List<ManifestEntry> entries;
  private final List<long[]> texts;
  private final AudioPipeline pipeline;
  private final WhisperFeatures features;
  private final WhisperTextCodec codec;
  private final int batchSize;
  private final boolean shuffle;
  private final Consumer<String> warnings;
  private final Map<Integer, float[]> waves = new ConcurrentHashMap<>();
  private final Map<Integer, String> failures = new ConcurrentHashMap<>();

  /**
   * Creates the dataset.
   *
   * @param entries the utterances, with a {@code transcript} column
   * @param codec the tokenizer, prefix and end-of-text token of the model
   * @param features the model's front end ({@code WhisperFeatures.of(num_mel_bins)})
   * @param pipeline how audio files are read ({@code WhisperFeatures.pipeline(limits)})
   * @param batchSize utterances per batch, positive
   * @param shuffle whether each pass draws a new order
   * @param warnings where unreadable files are reported
   * @throws IllegalArgumentException for an entry without a transcript or one too long for the
   *     decoder, naming its file and manifest line
   */
  public WhisperDataset(
      List<ManifestEntry> entries,
      WhisperTextCodec codec,
      WhisperFeatures features,
      AudioPipeline pipeline,
      int batchSize,
      boolean shuffle,
      Consumer<String> warnings) {
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
    this.entries = ImmutableList.copyOf(entries);
    this.codec = codec;
    this.features = features;
    this.pipeline = pipeline;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.warnings = warnings;
    List<long[]> t = new ArrayList<>();
    for (ManifestEntry e : this.entries) {
      t.add(codec.textTokens(e));
    }
    this.texts = List.copyOf(t);
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
   * Returns how many different files have failed to load so far.
   *
   * @return unreadable files
   */
  public int skipped() {
    return failures.size();
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    int[] order = new int[entries.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle && order.length > 1) {
      long[] p = manager.randomPermutation(order.length).toLongArray();
      for (int i = 0; i < order.length; i++) {
        order[i] = (int) p[i];
      }
    }
    return () -> new Batches(manager, order);
  }

  @Override
  public void prepare(Progress progress) {
    // files are read as batches are made
  }

  private float[] load(int index) {
    float[] cached = waves.get(index);
    if (cached != null || failures.containsKey(index)) {
      return cached;
    }
    ManifestEntry e = entries.get(index);
    try {
      float[] x = pipeline.load(e.audio());
      waves.put(index, x);
      return x;
    } catch (IOException | RuntimeException ex) {
      String message =
          String.format(
              "skipping unreadable audio %s (manifest line %d): %s",
              e.audio(), e.line(), ex.getMessage());
      failures.put(index, message);
      warnings.accept(message);
      return null;
    }
  }

  /**
   * Batches in {@code order}; a batch whose files are all unreadable is skipped (Guava's {@link
   * AbstractIterator} looks one batch ahead).
   */
  private final class Batches extends AbstractIterator<Batch> {
    private final NDManager manager;
    private final int[] order;
    private int next;

    Batches(NDManager manager, int[] order) {
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

    private Batch makeBatch() {
      int end = Math.min(order.length, next + batchSize);
      List<float[]> clips = new ArrayList<>();
      List<long[]> tokens = new ArrayList<>();
      for (int i = next; i < end; i++) {
        float[] x = load(order[i]);
        if (x != null) {
          clips.add(x);
          tokens.add(texts.get(order[i]));
        }
      }
      next = end;
      if (clips.isEmpty()) {
        return null;
      }
      NDManager m = manager.newSubManager();
      try {
        NDList mels = new NDList();
        for (float[] clip : clips) {
          mels.add(features.features(m, clip));
        }
        NDArray stacked = NDArrays.concat(mels, 0);
        WhisperBatch batch = WhisperBatch.of(m, stacked, codec.targets(tokens));
        return new Batch(
            m,
            batch.data(),
            batch.labelList(),
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
