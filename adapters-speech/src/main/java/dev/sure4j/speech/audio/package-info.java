/**
 * Audio input for the speech encoders: decoding, downmixing, resampling and feature-extractor
 * normalisation.
 *
 * <p>{@link dev.sure4j.speech.audio.WavReader} parses RIFF/WAVE files in pure Java (8-bit unsigned,
 * 16/24/32-bit signed PCM, 32/64-bit IEEE float, {@code WAVE_FORMAT_EXTENSIBLE}, any channel count
 * and rate) into an immutable {@link dev.sure4j.speech.audio.AudioClip}. Other formats (FLAC, MP3,
 * OGG, M4A) are decoded through the {@link dev.sure4j.speech.audio.AudioDecoder} service interface:
 * inside the JVM by FFmpeg when the module {@code sure4j-audio-ffmpeg} is on the class path,
 * otherwise by an {@code ffmpeg}, {@code sox} or {@code flac} program found on the {@code PATH}.
 * {@link dev.sure4j.speech.audio.Resampler} is a band-limited windowed-sinc polyphase resampler
 * that reproduces {@code torchaudio.functional.resample}. {@link
 * dev.sure4j.speech.audio.AudioPipeline} turns any supported file into the 16 kHz mono, optionally
 * normalised waveform that a Hugging Face {@code Wav2Vec2FeatureExtractor} would produce, as its
 * {@code preprocessor_config.json} ({@link dev.sure4j.speech.audio.PreprocessorConfig}) says;
 * {@link dev.sure4j.speech.audio.PaddedBatch} pads several waveforms into one batch.
 */
package dev.sure4j.speech.audio;
