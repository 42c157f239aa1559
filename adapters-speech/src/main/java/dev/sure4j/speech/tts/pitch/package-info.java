/**
 * Frame-level prosody targets for TTS, one value per mel frame: {@link
 * dev.sure4j.speech.tts.pitch.Yin} tracks F0 ({@link dev.sure4j.speech.tts.pitch.PitchTrack}),
 * {@link dev.sure4j.speech.tts.pitch.PitchFeatures} interpolates, logs and normalises it as
 * FastSpeech 2 does, and {@link dev.sure4j.speech.tts.pitch.FrameEnergy} gives the energy target.
 * Frames are centred on multiples of the hop ({@link dev.sure4j.speech.tts.pitch.CentredFrames}),
 * as the centred STFT of the mel spectrogram.
 */
package dev.sure4j.speech.tts.pitch;
