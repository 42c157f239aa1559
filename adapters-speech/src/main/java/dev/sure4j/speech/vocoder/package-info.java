/**
 * Neural vocoders: the HiFi-GAN generator ({@link dev.sure4j.speech.vocoder.HifiGanGenerator}) as
 * DJL blocks configured from the official {@code config.json} ({@link
 * dev.sure4j.speech.vocoder.HifiGanConfig}), loaded from a directory with {@link
 * dev.sure4j.speech.vocoder.HifiGan#load}, turning a log-mel spectrogram into a waveform.
 */
package dev.sure4j.speech.vocoder;
