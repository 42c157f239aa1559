package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One teacher-forced Whisper batch: what {@code WhisperModel} reads and what {@link Seq2SeqLoss}
 * compares its logits with.
 *
 * @param features float32 log-mel features {@code [B, n_mels, 3000]}
 * @param inputIds int64 decoder input ids {@code [B, T]}: forced prefix, then text tokens, padded
 * @param labels int64 {@code [B, T]}: the next token of each position, {@value
 *     WhisperTargets#IGNORE_INDEX} where no loss is taken ({@link WhisperTargets})
 */
public record WhisperBatch(NDArray features, NDArray inputIds, NDArray labels) {

  /** Checks that the shapes agree. */
  public WhisperBatch {
    Shape f = features.getShape();
    Shape i = inputIds.getShape();
    checkArgument(
        f.dimension() == 3 && i.dimension() == 2 && f.get(0) == i.get(0),
        "features [B, n_mels, frames] and input ids [B, T] must share B: %s and %s",
        f,
        i);
    checkArgument(
        labels.getShape().equals(i),
        "labels %s must have the input ids' shape %s",
        labels.getShape(),
        i);
  }

  /**
   * Builds a batch from stacked features and laid-out targets.
   *
   * @param manager the manager of the id and label arrays
   * @param features float32 {@code [B, n_mels, 3000]}
   * @param targets the ids and labels of the same {@code B} utterances
   * @return the batch
   */
  public static WhisperBatch of(NDManager manager, NDArray features, WhisperTargets targets) {
    return new WhisperBatch(features, targets.inputIdArray(manager), targets.labelArray(manager));
  }

  /**
   * Returns the model inputs.
   *
   * @return features and input ids, the inputs of {@code WhisperModel}
   */
  public NDList data() {
    return new NDList(features, inputIds);
  }

  /**
   * Returns the loss's labels.
   *
   * @return the labels
   */
  public NDList labelList() {
    return new NDList(labels);
  }
}
