package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * Transcripts as a Whisper model's training targets: the tokenizer, the forced prefix of the
 * directory's generation rules ({@code
 * <|startoftranscript|><|lang|><|transcribe|><|notimestamps|>}) and the end-of-text token, which is
 * also the padding id ({@code pad_token_id} of Whisper checkpoints).
 */
public final class WhisperTextCodec {

  /** The manifest column read. */
  public static final String COLUMN = "transcript";

  private final WhisperTokenizer tokenizer;
  private final long[] prefix;
  private final long endOfText;
  private final int maxPositions;

  /**
   * Creates the codec.
   *
   * @param tokenizer the model's tokenizer
   * @param rules the model's generation rules (their prompt is the forced prefix)
   * @param maxPositions the decoder's {@code max_target_positions}
   */
  public WhisperTextCodec(
      WhisperTokenizer tokenizer, WhisperGenerationConfig rules, int maxPositions) {
    this.tokenizer = tokenizer;
    this.prefix = rules.prompt();
    this.endOfText = rules.eosTokenId();
    this.maxPositions = maxPositions;
  }

  /**
   * Reads the tokenizer, the generation rules and the geometry of a Whisper directory.
   *
   * @param dir the directory
   * @param model the model loaded from it
   * @return the codec
   */
  public static WhisperTextCodec fromDirectory(Path dir, WhisperModel model) {
    return new WhisperTextCodec(
        WhisperTokenizer.fromDirectory(dir),
        WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG)),
        model.config().maxTargetPositions());
  }

  /**
   * Returns the forced prefix.
   *
   * @return a copy of the prefix ids
   */
  public long[] prefix() {
    return prefix.clone();
  }

  /**
   * Tokenises an entry's transcript with a leading space, as Whisper's transcripts start ({@code "
   * " + transcript.strip()}).
   *
   * @param e a manifest entry with a {@code transcript} column
   * @return the text tokens
   * @throws IllegalArgumentException when the transcript is missing or blank, or the prefix, text
   *     and end of text exceed {@code max_target_positions}, naming the file and line
   */
  public long[] textTokens(ManifestEntry e) {
    String text = e.fields().get(COLUMN);
    checkArgument(
        text != null && !text.isBlank(),
        "%s (manifest line %s) has no %s",
        e.audio(),
        e.line(),
        COLUMN);
    long[] ids = tokenizer.encode(" " + text.strip());
    checkArgument(
        prefix.length + ids.length <= maxPositions,
        "%s (manifest line %s): %s prefix and text tokens exceed max_target_positions %s",
        e.audio(),
        e.line(),
        prefix.length + ids.length,
        maxPositions);
    return ids;
  }

  /**
   * Lays out the targets of a batch.
   *
   * @param texts the text tokens of each utterance
   * @return the padded ids and labels
   */
  public WhisperTargets targets(List<long[]> texts) {
    return WhisperTargets.of(prefix, texts, endOfText, endOfText, maxPositions);
  }
}
