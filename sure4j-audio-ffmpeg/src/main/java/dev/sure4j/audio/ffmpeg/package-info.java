/**
 * In-JVM decoding of compressed audio (FLAC, MP3, Ogg Vorbis, Opus, M4A/AAC and whatever else
 * FFmpeg reads) through DJL Audio's FFmpeg bindings (javacv), with no program on the {@code PATH}.
 *
 * <p>{@link dev.sure4j.audio.ffmpeg.FfmpegDecoder} is an {@link
 * dev.sure4j.speech.audio.AudioDecoder} registered with {@link java.util.ServiceLoader}, so {@code
 * AudioLoader.standard()} uses it as soon as this module is on the class path. It returns every
 * channel at the file's own rate, scaled like torchaudio and soundfile (16-bit {@code s / 32768},
 * float samples as decoded); {@code AudioPipeline} downmixes and resamples.
 */
package dev.sure4j.audio.ffmpeg;
