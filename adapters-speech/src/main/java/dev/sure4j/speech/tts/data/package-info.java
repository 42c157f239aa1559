/**
 * TTS training data: {@link dev.sure4j.speech.tts.data.TtsCorpus} reads (audio, text, speaker)
 * triples from LJSpeech, LibriTTS or a manifest, {@link dev.sure4j.speech.tts.data.TtsFeaturizer}
 * turns each into token ids, a log-mel spectrogram, pitch and energy per mel frame ({@link
 * dev.sure4j.speech.tts.data.UtteranceFeatures}), {@link dev.sure4j.speech.tts.data.TtsDataset}
 * holds them computed once, and {@link dev.sure4j.speech.tts.data.TtsBatch} is a padded batch.
 */
package dev.sure4j.speech.tts.data;
