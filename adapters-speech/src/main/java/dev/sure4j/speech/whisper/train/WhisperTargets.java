package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The decoder inputs and labels of one teacher-forced batch, laid out as Hugging Face's Whisper
 * fine-tuning does, padded to the longest utterance.
 *
 * <p>For a forced prefix {@code P = <|startoftranscript|><|lang|><|transcribe|><|notimestamps|>}
 * (length {@code p}) and text tokens {@code t_1 .. t_n}: the input ids are {@code P t_1 .. t_n} and
 * the labels the input ids shifted left by one with {@code <|endoftext|>} appended, {@code [-100] *
 * (p - 1), t_1 .. t_n, <|endoftext|>}. The positions whose target is a prefix token carry {@value
 * #IGNORE_INDEX}, so the prefix is never learned; the end of text is. Rows shorter than the longest
 * are padded: input ids with {@code padId} (Whisper's {@code pad_token_id}, its end of text),
 * labels with {@value #IGNORE_INDEX}. The decoder's attention is causal and padding comes last, so
 * padding never changes the logits of real positions.
 *
 * @param batch rows {@code B}
 * @param length positions {@code T}, the longest {@code p + n}
 * @param inputIds row-major {@code [B, T]} decoder input ids
 * @param labels row-major {@code [B, T]} labels, {@value #IGNORE_INDEX} where no loss is taken
 */
public record WhisperTargets(int batch, int length, long[] inputIds, long[] labels) {

  /** The label of a position that takes no loss (PyTorch's default {@code ignore_index}). */
  public static final int IGNORE_INDEX = -100;

  /** Validates the sizes and copies the arrays. */
  public WhisperTargets {
    checkArgument(
        batch > 0 && length > 0, "targets need rows and positions: [%s, %s]", batch, length);
    checkArgument(
        inputIds.length == (long) batch * length && labels.length == inputIds.length,
        "input ids and labels must both hold %s x %s values: %s and %s",
        batch,
        length,
        inputIds.length,
        labels.length);
    inputIds = inputIds.clone();
    labels = labels.clone();
  }

  /**
   * Lays out a batch.
   *
   * @param prefix the forced prefix, starting with {@code <|startoftranscript|>} (for example
   *     {@code WhisperGenerationConfig.prompt()}), at least one token
   * @param texts the text tokens of each utterance (no special token), at least one utterance
   * @param endOfText the token that ends every label row ({@code <|endoftext|>})
   * @param padId the input id of padded positions ({@code pad_token_id})
   * @param maxPositions the decoder's {@code max_target_positions}
   * @return the targets
   * @throws IllegalArgumentException when a row is longer than {@code maxPositions}, naming its
   *     index
   */
  public static WhisperTargets of(
      long[] prefix, List<long[]> texts, long endOfText, long padId, int maxPositions) {
    checkArgument(prefix.length > 0, "the forced prefix needs <|startoftranscript|>");
    checkArgument(!texts.isEmpty(), "a batch needs at least one utterance");
    int t = 0;
    for (int b = 0; b < texts.size(); b++) {
      int n = prefix.length + texts.get(b).length;
      checkArgument(
          n <= maxPositions,
          "utterance %s has %s decoder positions (prefix %s + text %s), more than"
              + " max_target_positions %s",
          b,
          n,
          prefix.length,
          texts.get(b).length,
          maxPositions);
      t = Math.max(t, n);
    }
    long[] ids = new long[texts.size() * t];
    long[] labels = new long[ids.length];
    java.util.Arrays.fill(ids, padId);
    java.util.Arrays.fill(labels, IGNORE_INDEX);
    for (int b = 0; b < texts.size(); b++) {
      long[] text = texts.get(b);
      int row = b * t;
      System.arraycopy(prefix, 0, ids, row, prefix.length);
      System.arraycopy(text, 0, ids, row + prefix.length, text.length);
      System.arraycopy(text, 0, labels, row + prefix.length - 1, text.length);
      labels[row + prefix.length - 1 + text.length] = endOfText;
    }
    return new WhisperTargets(texts.size(), t, ids, labels);
  }

  /**
   * Returns the input ids as an array.
   *
   * @param manager the manager of the result
   * @return int64 {@code [B, T]}
   */
  public NDArray inputIdArray(NDManager manager) {
    return manager.create(inputIds, new Shape(batch, length));
  }

  /**
   * Returns the labels as an array.
   *
   * @param manager the manager of the result
   * @return int64 {@code [B, T]}
   */
  public NDArray labelArray(NDManager manager) {
    return manager.create(labels, new Shape(batch, length));
  }

  /**
   * Returns the input ids.
   *
   * @return a copy, row-major {@code [B, T]}
   */
  @Override
  public long[] inputIds() {
    return inputIds.clone();
  }

  /**
   * Returns the labels.
   *
   * @return a copy, row-major {@code [B, T]}
   */
  @Override
  public long[] labels() {
    return labels.clone();
  }
}
