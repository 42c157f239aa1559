/**
 * TTS inference: {@link dev.sure4j.speech.tts.infer.TtsSynthesizer} turns text into a log-mel
 * spectrogram with a trained FastSpeech model (text, tokens, model with predicted durations, mel)
 * and into a waveform with Griffin-Lim or a HiFi-GAN vocoder.
 */
package dev.sure4j.speech.tts.infer;
