package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sure4j.speech.tts.FastSpeechOutput;
import dev.sure4j.speech.tts.VarianceTargets;

/**
 * The outputs of one {@link TtsTrainingBlock} pass, what {@link TtsLoss} needs.
 *
 * @param output the acoustic model's outputs
 * @param targets the durations (from the alignment search), token pitch and token energy used
 * @param tokenMask {@code [batch, T]}, 1 for real tokens
 * @param alignment alignment log-probabilities {@code [batch, M, T]}
 * @param tokenLengths real tokens per utterance {@code [batch]} (int32)
 * @param frameLengths real frames per utterance {@code [batch]} (int32)
 */
public record TtsPass(
    FastSpeechOutput output,
    VarianceTargets targets,
    NDArray tokenMask,
    NDArray alignment,
    NDArray tokenLengths,
    NDArray frameLengths) {

  /** The number of arrays of {@link #toList()}. */
  public static final int SIZE = 14;

  /**
   * Returns the pass as the block's outputs.
   *
   * @return {@value #SIZE} arrays: the model's 7, durations, pitch, energy, token mask, alignment,
   *     token lengths, frame lengths
   */
  public NDList toList() {
    NDList l = output.toList();
    l.addAll(new NDList(targets.durations(), targets.pitch(), targets.energy()));
    l.addAll(new NDList(tokenMask, alignment, tokenLengths, frameLengths));
    return l;
  }

  /**
   * Reads a pass from the block's outputs.
   *
   * @param l {@value #SIZE} arrays in the order of {@link #toList()}
   * @return the pass
   */
  public static TtsPass of(NDList l) {
    checkArgument(l.size() == SIZE, "a TTS pass has %s arrays, got %s", SIZE, l.size());
    return new TtsPass(
        FastSpeechOutput.of(new NDList(l.subList(0, 7))),
        new VarianceTargets(l.get(7), l.get(8), l.get(9)),
        l.get(10),
        l.get(11),
        l.get(12),
        l.get(13));
  }
}
