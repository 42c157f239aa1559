/**
 * The signal side of speech synthesis: log-mel features in, waveforms out, and measures of how
 * close two waveforms are.
 *
 * <p>{@link dev.sure4j.speech.synthesis.MelConfig} holds the feature settings (presets {@code
 * hifigan()} and {@code fastspeech2()}); {@link dev.sure4j.speech.synthesis.MelSpectrogram}
 * computes batched log-mel spectrograms on libtorch with torchaudio's numbers, from {@link
 * dev.sure4j.speech.synthesis.MelFilterbank}'s filters on the {@link
 * dev.sure4j.speech.synthesis.MelScale} and {@link dev.sure4j.speech.synthesis.MelNorm} chosen.
 */
package dev.sure4j.speech.synthesis;
