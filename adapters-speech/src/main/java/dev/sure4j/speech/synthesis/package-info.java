/**
 * The signal side of speech synthesis: log-mel features in, waveforms out, and measures of how
 * close two waveforms are.
 *
 * <p>{@link dev.sure4j.speech.synthesis.MelConfig} holds the feature settings (presets {@code
 * hifigan()} and {@code fastspeech2()}); {@link dev.sure4j.speech.synthesis.MelSpectrogram}
 * computes batched log-mel spectrograms on libtorch with torchaudio's numbers, from {@link
 * dev.sure4j.speech.synthesis.MelFilterbank}'s filters on the {@link
 * dev.sure4j.speech.synthesis.MelScale} and {@link dev.sure4j.speech.synthesis.MelNorm} chosen.
 * {@link dev.sure4j.speech.synthesis.GriffinLim} turns a log-mel spectrogram back into a waveform
 * without a model, as torchaudio's {@code GriffinLim} does. {@link dev.sure4j.speech.synthesis.Mcd}
 * (fairseq's mel-cepstral distortion: 13 {@link dev.sure4j.speech.synthesis.Mfcc} coefficients,
 * DTW, RMS distance per path step), {@link dev.sure4j.speech.synthesis.LogMelCepstralDistortion}
 * (sure4j's earlier log-mel cepstral distortion, dB) and {@link
 * dev.sure4j.speech.synthesis.LogSpectralDistance} (dB) say how close two waveforms are.
 */
package dev.sure4j.speech.synthesis;
