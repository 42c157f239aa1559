package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The outputs of {@link FastSpeechModel} for a padded batch; padded tokens and frames are 0.
 *
 * @param postnetMel the refined mel spectrogram {@code [batch, M, mel]}, the model's result
 * @param mel the mel spectrogram before the postnet {@code [batch, M, mel]}
 * @param logDurations predicted {@code log(duration + 1)} per token {@code [batch, T]}
 * @param pitch predicted pitch per token {@code [batch, T]}
 * @param energy predicted energy per token {@code [batch, T]}
 * @param durations the durations the length regulator used (targets in training, rounded
 *     predictions otherwise), frames per token {@code [batch, T]}
 * @param melMask {@code [batch, M]}, 1 for real frames
 */
public record FastSpeechOutput(
    NDArray postnetMel,
    NDArray mel,
    NDArray logDurations,
    NDArray pitch,
    NDArray energy,
    NDArray durations,
    NDArray melMask) {

  /**
   * Returns the outputs in the block's {@code NDList} layout, in the order of the components.
   *
   * @return 7 arrays, the refined mel first
   */
  public NDList toList() {
    return new NDList(postnetMel, mel, logDurations, pitch, energy, durations, melMask);
  }

  /**
   * Reads outputs from the block's {@code NDList} layout (see {@link #toList()}).
   *
   * @param list 7 arrays
   * @return the outputs
   */
  public static FastSpeechOutput of(NDList list) {
    checkArgument(list.size() == 7, "FastSpeech returns 7 arrays, got %s", list.size());
    return new FastSpeechOutput(
        list.get(0), list.get(1), list.get(2), list.get(3), list.get(4), list.get(5), list.get(6));
  }

  /**
   * Returns the number of real frames of each utterance.
   *
   * @return frames per utterance
   */
  public int[] melLengths() {
    return FastSpeechInput.rows(melMask.sum(new int[] {1}).expandDims(0))[0];
  }
}
