/**
 * Text to speech: a FastSpeech 2 acoustic model ({@link dev.sure4j.speech.tts.FastSpeechModel},
 * configured by {@link dev.sure4j.speech.tts.FastSpeechConfig}) built from sure4j's host blocks, so
 * every adapter method attaches to its FFT blocks through the same injection as to a speech
 * encoder; the {@link dev.sure4j.speech.tts.LengthRegulator} and the FastSpeech 2 losses ({@link
 * dev.sure4j.speech.tts.FastSpeechLoss}), both exact under padding.
 */
package dev.sure4j.speech.tts;
