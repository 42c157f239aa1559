package dev.sure4j.speech.whisper.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ClipDataset;
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
 * are computed per batch. Batches are made by {@link ClipDataset}: a file that cannot be read is
 * reported once through the warning sink, left out of its batch and of every later pass; a batch
 * whose files all fail is dropped; with shuffling each pass draws a permutation from the engine's
 * seeded random generator.
 */
public final class WhisperDataset extends ClipDataset {

  private final List<long[]> texts;
  private final WhisperFeatures features;
  private final WhisperTextCodec codec;

  /**
   * Creates the dataset.
   *
   * @param entries the utterances, with a {@code transcript} column
   * @param codec the tokenizer, prefix and end-of-text token of the model
   * @param features the model's front end ({@code WhisperFeatures.of(config)}, its window)
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
    super(entries, pipeline, true, warnings, batchSize, shuffle);
    this.codec = codec;
    this.features = features;
    List<long[]> t = new ArrayList<>();
    for (ManifestEntry e : entries()) {
      t.add(codec.textTokens(e));
    }
    this.texts = List.copyOf(t);
  }

  /** Computes the clips' log-mel features and the teacher-forced token arrays. */
  @Override
  protected BatchArrays assemble(NDManager m, List<Integer> indices, List<float[]> waves) {
    NDList mels = new NDList();
    List<long[]> tokens = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      mels.add(features.features(m, waves.get(i)));
      tokens.add(texts.get(indices.get(i)));
    }
    NDArray stacked = NDArrays.concat(mels, 0);
    WhisperBatch batch = WhisperBatch.of(m, stacked, codec.targets(tokens));
    return new BatchArrays(batch.data(), batch.labelList());
  }
}
