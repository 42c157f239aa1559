package dev.sure4j.speech.audio;

import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes an audio file of some format into an {@link AudioClip}: the service interface through
 * which {@link AudioLoader} reads formats other than WAV.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.sure4j.speech.audio.AudioDecoder}) and tried before the built-in
 * command-line decoder. The module {@code sure4j-audio-ffmpeg} registers one that decodes FLAC,
 * MP3, Ogg, Opus and M4A inside the JVM through DJL Audio's FFmpeg (see {@code docs/audio.md}).
 */
public interface AudioDecoder {
  /**
   * Returns a short name for messages, such as {@code "ffmpeg"}.
   *
   * @return the name
   */
  String name();

  /**
   * Says whether this decoder is usable here and can read the file (by its extension or first
   * bytes).
   *
   * @param file the file
   * @param header up to the first 16 bytes of the file
   * @return true if {@link #decode(Path)} should be tried
   */
  boolean canDecode(Path file, byte[] header);

  /**
   * Decodes a file.
   *
   * @param file the file
   * @return the clip, samples [channels][frames] scaled to [-1, 1], at the file's own rate
   * @throws AudioException if the file is corrupt or unsupported (the message names the file)
   * @throws IOException if the file cannot be read
   */
  AudioClip decode(Path file) throws IOException;

  /**
   * Decodes a file within limits. This default decodes the whole file, then checks its rate and
   * length; implementations should check the declared rate first and count samples as they decode,
   * stopping at the limit, as both built-in decoders do.
   *
   * @param file the file
   * @param limits the sample-rate range, seconds and decoded samples to stay within
   * @return the clip, samples [channels][frames] scaled to [-1, 1], at the file's own rate
   * @throws AudioException if the file is corrupt, unsupported or over a limit (one line naming the
   *     file)
   * @throws IOException if the file cannot be read
   */
  default AudioClip decode(Path file, InputLimits limits) throws IOException {
    AudioClip clip = decode(file);
    String source = file.toString();
    AudioBounds.checkRate(limits, clip.sampleRate(), source);
    AudioBounds.checkLength(limits, clip.frames(), clip.channelCount(), clip.sampleRate(), source);
    return clip;
  }

  /**
   * Decodes an encoded file held in memory (a request body) within limits. This default writes the
   * bytes to a temporary file with the given extension, decodes it with {@link #decode(Path,
   * InputLimits)} and deletes it; messages name {@code source}, not the temporary file. A decoder
   * that can read memory overrides it so that nothing is written (the in-JVM FFmpeg decoder does).
   *
   * @param bytes the encoded file
   * @param source what the bytes are, for messages, such as {@code "request body"}
   * @param extension the format's usual extension without the dot ({@code flac}, {@code ogg}), or
   *     {@code bin} when unknown; decoders that pick a program by extension use it
   * @param limits the sample-rate range, seconds and decoded samples to stay within
   * @return the clip, samples [channels][frames] scaled to [-1, 1], at the file's own rate
   * @throws AudioException if the bytes are corrupt, unsupported or over a limit (one line naming
   *     the source)
   * @throws IOException if the temporary file cannot be written
   */
  default AudioClip decode(byte[] bytes, String source, String extension, InputLimits limits)
      throws IOException {
    Path tmp = Files.createTempFile("sure4j-memory-", "." + extension);
    try {
      Files.write(tmp, bytes);
      return decode(tmp, limits);
    } catch (AudioLimitException e) {
      throw new AudioLimitException(e.getMessage().replace(tmp.toString(), source));
    } catch (AudioException e) {
      throw new AudioException(e.getMessage().replace(tmp.toString(), source), e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
