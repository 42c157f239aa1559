package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ClipBatches;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Manifest entries as teacher-forced Whisper batches ({@link WhisperBatch}): data {@code (features
 * [B, n_mels, 3000], input ids [B, T])}, labels {@code ([B, T])}, padded to the longest utterance
 * of each batch ({@link WhisperTargets}).
 *
 * <p>The transcripts (column {@code transcript}) are tokenised once, with a leading space as
 * Whisper's own transcripts start ({@code " " + transcript.strip()}). Waveforms are read through
 * the pipeline as batches are made and kept in memory (4 bytes per sample); the log-mel features
 * are computed per batch. Batches are made by {@link ClipBatches}: a file that cannot be read is
 * reported once through the warning sink, left out of its batch and of every later pass; a batch
 * whose files all fail is dropped; with shuffling each pass draws a permutation from the engine's
 * seeded random generator.
 */
public final class WhisperDataset implements Dataset {

  private final ClipBatches clips;
  private final List<long[]> texts;
  private final WhisperFeatures features;
  private final WhisperTextCodec codec;
  private final int batchSize;
  private final boolean shuffle;

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
    this.clips = new ClipBatches(entries, pipeline, true, warnings);
    this.codec = codec;
    this.features = features;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    List<long[]> t = new ArrayList<>();
    for (ManifestEntry e : clips.entries()) {
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
    return clips.entries().size();
  }

  /**
   * Returns how many different files have failed to load so far.
   *
   * @return unreadable files
   */
  public int skipped() {
    return clips.skipped();
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    return clips.batches(manager, batchSize, shuffle, this::assemble);
  }

  @Override
  public void prepare(Progress progress) {
    // files are read as batches are made
  }

  /** Computes the clips' log-mel features and the teacher-forced token arrays. */
  private ClipBatches.Arrays assemble(NDManager m, List<Integer> indices, List<float[]> waves) {
    NDList mels = new NDList();
    List<long[]> tokens = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      mels.add(features.features(m, waves.get(i)));
      tokens.add(texts.get(indices.get(i)));
    }
    NDArray stacked = NDArrays.concat(mels, 0);
    WhisperBatch batch = WhisperBatch.of(m, stacked, codec.targets(tokens));
    return new ClipBatches.Arrays(batch.data(), batch.labelList());
  }
}
