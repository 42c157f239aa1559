package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The training features of one utterance, before normalisation.
 *
 * @param tokens token ids {@code [T]}, {@code T >= 1}
 * @param mel log-mel spectrogram {@code [frames * bins]}, C order of {@code [frames, bins]}
 *     (natural log of the mel magnitude)
 * @param bins mel bins per frame
 * @param logPitch {@code ln F0} per frame {@code [frames]} (F0 in Hz, unvoiced frames interpolated;
 *     0 when no frame is voiced)
 * @param energy L2 norm of each STFT magnitude frame {@code [frames]}
 * @param speaker the speaker id
 */
public record UtteranceFeatures(
    int[] tokens, float[] mel, int bins, float[] logPitch, float[] energy, int speaker) {

  /** Validates the lengths. */
  public UtteranceFeatures {
    checkArgument(tokens.length >= 1, "an utterance needs at least one token");
    checkArgument(
        bins > 0 && mel.length % bins == 0,
        "mel of %s values is not [frames, %s]",
        mel.length,
        bins);
    int frames = mel.length / bins;
    checkArgument(
        logPitch.length == frames && energy.length == frames,
        "pitch %s and energy %s frames must equal the mel's %s",
        logPitch.length,
        energy.length,
        frames);
    checkArgument(
        frames >= tokens.length,
        "%s mel frames are fewer than the %s tokens: every token needs a frame",
        frames,
        tokens.length);
    checkArgument(speaker >= 0, "speaker id must be >= 0: %s", speaker);
  }

  /**
   * Returns the number of mel frames.
   *
   * @return frames
   */
  public int frames() {
    return mel.length / bins;
  }
}
