package dev.sure4j.speech.backbone;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.NamedOutputs;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.inject.AdaptableModel;

/**
 * A speech encoder under the SURE task heads: the one thing {@code dev.sure4j.speech.tasks} asks of
 * HuBERT, wav2vec2 or Whisper's encoder.
 *
 * <p>As a block ({@link #forward}): inputs waveforms {@code [batch, samples]} float32 at {@link
 * #sampleRate()} with zero padding on the right, and the real samples per utterance {@code [batch]}
 * int64 (optional: every row real without it). Outputs: the last hidden state {@code [batch,
 * frames, D]}, the frame mask {@code [batch, frames]} (1 = a frame of real audio), then the {@code
 * L + 1} hidden states of Hugging Face's {@code output_hidden_states} (the first layer's input,
 * then each layer's output), each {@code [batch, frames, D]}, named as {@link OutputNames} says
 * ({@code last_hidden_state}, {@code frame_mask}, {@code hidden_states.N}); {@code
 * dev.sure4j.speech.heads.HeadInput} reads them by these names. Adapters attach at its {@link
 * #injectionPoints()}, named as in Hugging Face, and freezing is {@code
 * dev.sure4j.adapters.model.AdapterModel}'s, as for any {@link AdaptableModel}.
 */
public interface SpeechBackbone extends AdaptableModel, NamedOutputs {

  /**
   * Describes the outputs by shape and name, from {@link #getOutputShapes}.
   *
   * @param inputShapes waveforms {@code [batch, samples]}, optionally lengths {@code [batch]}
   * @return {@code last_hidden_state}, {@code frame_mask}, {@code hidden_states.0 .. L}
   */
  @Override
  default DataDesc[] describeOutputs(Shape[] inputShapes) {
    Shape[] shapes = getOutputShapes(inputShapes);
    return OutputNames.encoderOutputs(shapes[0], shapes.length - 2);
  }

  /**
   * Returns the family and the run-time settings in force.
   *
   * @return the settings {@code task.json} records
   */
  BackboneSettings settings();

  /**
   * Applies recorded settings (for example Whisper's window), so that outputs are those the head
   * was trained on.
   *
   * @param settings settings of this backbone's kind
   * @throws IllegalArgumentException for another kind or a setting this backbone does not know, in
   *     one line naming it
   */
  default void apply(BackboneSettings settings) {
    checkArgument(
        settings.kind() == settings().kind(),
        "the adapter was trained on a %s backbone, this one is %s",
        settings.kind().id(),
        settings().kind().id());
    checkArgument(
        settings.values().isEmpty(),
        "a %s backbone has no settings, got %s",
        settings().kind().id(),
        settings.values());
  }

  /**
   * Returns the width of every hidden state.
   *
   * @return {@code D}
   */
  int hiddenSize();

  /**
   * Returns the number of transformer layers.
   *
   * @return {@code L}; the block returns {@code L + 1} hidden states
   */
  int numHiddenLayers();

  /**
   * Returns the real frames the backbone makes for each utterance (the non-zero entries of each
   * frame-mask row).
   *
   * @param samples real samples per utterance
   * @return frames per utterance
   */
  long[] frameLengths(long[] samples);

  /**
   * Returns the sampling rate the waveforms must have.
   *
   * @return Hz; 16,000 for every supported family
   */
  default int sampleRate() {
    return 16_000;
  }
}
