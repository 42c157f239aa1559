/**
 * TTS training on the project's {@link dev.sure4j.adapters.train.TrainingEngine}: {@link
 * dev.sure4j.speech.tts.train.TtsTrainingBlock} (the FastSpeech model and its alignment encoder,
 * durations by monotonic alignment search), {@link dev.sure4j.speech.tts.train.TtsLoss} (FastSpeech
 * 2 losses plus the forward-sum alignment loss), {@link dev.sure4j.speech.tts.train.TtsMethod}
 * (what trains: base, an adapter method or the speaker table), {@link
 * dev.sure4j.speech.tts.train.TtsTrainer}, the model and adaptation directories ({@link
 * dev.sure4j.speech.tts.train.TtsModelFiles}, {@link dev.sure4j.speech.tts.train.TtsAdapterFiles},
 * with the voice's own pitch and energy statistics in {@link
 * dev.sure4j.speech.tts.train.VoiceStatsFile}) and the end-to-end runs ({@link
 * dev.sure4j.speech.tts.train.TtsRecipes}).
 */
package dev.sure4j.speech.tts.train;
