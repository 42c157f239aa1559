package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads an audio file of any supported format as an {@link AudioClip} at the file's own rate and
 * channels.
 *
 * <p>WAV files (recognised by their {@code RIFF}/{@code RF64} header) are read by {@link
 * WavReader}. Other files go to the first {@link AudioDecoder} that accepts them: those registered
 * with {@link ServiceLoader} (the in-JVM FFmpeg decoder of {@code sure4j-audio-ffmpeg} when that
 * module is on the class path), then the {@link CommandLineDecoder} for the first of {@code
 * ffmpeg}, {@code sox}, {@code flac} found on the {@code PATH}. When none accepts a file the error
 * names the file and the programs that were looked for. Every file is read within the loader's
 * {@link InputLimits}, checked on what its header declares before samples are allocated and counted
 * while a decoder decodes.
 */
public final class AudioLoader {
  private final List<AudioDecoder> decoders;
  private final InputLimits limits;

  private AudioLoader(List<AudioDecoder> decoders, InputLimits limits) {
    this.decoders = List.copyOf(decoders);
    this.limits = Preconditions.checkNotNull(limits, "limits");
  }

  /**
   * Returns a loader with the service-loaded decoders followed by the command-line decoder, if one
   * is installed.
   *
   * @return the loader
   */
  public static AudioLoader standard() {
    List<AudioDecoder> list = new ArrayList<>();
    ServiceLoader.load(AudioDecoder.class).forEach(list::add);
    CommandLineDecoder.find().ifPresent(list::add);
    return new AudioLoader(list, InputLimits.defaults());
  }

  /**
   * Returns a loader with exactly the given decoders for non-WAV files (an empty list: WAV only).
   *
   * @param decoders decoders, tried in order
   * @return the loader
   */
  public static AudioLoader of(List<? extends AudioDecoder> decoders) {
    return new AudioLoader(new ArrayList<>(decoders), InputLimits.defaults());
  }

  /**
   * Returns a loader with the same decoders that reads within other limits.
   *
   * @param limits the limits every file is read within
   * @return the loader
   */
  public AudioLoader withLimits(InputLimits limits) {
    return new AudioLoader(decoders, limits);
  }

  /**
   * Returns the limits files are read within ({@link InputLimits#defaults()} unless set with {@link
   * #withLimits}).
   *
   * @return the limits
   */
  public InputLimits limits() {
    return limits;
  }

  /**
   * Returns the decoders used for non-WAV files.
   *
   * @return the decoders, in order
   */
  public List<AudioDecoder> decoders() {
    return decoders;
  }

  /**
   * Loads a file.
   *
   * @param file an audio file
   * @return the clip, samples [channels][frames] at the file's rate
   * @throws NoSuchFileException if the file does not exist
   * @throws AudioException if the file is corrupt, over the {@link #limits()}, or no decoder can
   *     read it (the message names the file)
   * @throws IOException if the file cannot be read
   */
  public AudioClip load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "not an audio file (missing or a directory)");
    }
    byte[] header;
    try (InputStream in = Files.newInputStream(file)) {
      header = in.readNBytes(16);
    }
    String magic = header.length >= 4 ? new String(header, 0, 4, StandardCharsets.ISO_8859_1) : "";
    if (magic.equals("RIFF")
        || magic.equals("RF64")
        || CommandLineDecoder.extension(file).equals("wav")) {
      return WavReader.read(file, limits);
    }
    for (AudioDecoder decoder : decoders) {
      if (decoder.canDecode(file, header)) {
        return decoder.decode(file, limits);
      }
    }
    if (decoders.isEmpty()) {
      throw new AudioException(
          file
              + ": not a WAV file, and no decoder for other formats is available: add"
              + " dev.sure4j:sure4j-audio-ffmpeg to the class path, or install ffmpeg, sox or flac on"
              + " the PATH (see docs/audio.md)");
    }
    List<String> names = new ArrayList<>();
    decoders.forEach(d -> names.add(d.name()));
    throw new AudioException(
        file + ": not a WAV file, and none of the decoders " + names + " accepts it");
  }

  /**
   * Loads an encoded file held in memory (a request body): WAV is parsed in place; other formats go
   * to the first decoder that accepts them, through {@link AudioDecoder#decode(byte[], String,
   * String, InputLimits)}, which the in-JVM FFmpeg decoder runs without writing a file.
   *
   * @param bytes the encoded file
   * @param source what the bytes are, for messages
   * @param extension the format's usual extension without the dot, or {@code bin} when unknown
   * @return the clip, samples [channels][frames] at the file's rate
   * @throws AudioException if the bytes are corrupt, over the {@link #limits()} (an {@link
   *     AudioLimitException}), or no decoder can read them (the message names the source)
   * @throws IOException if a decoder's temporary file cannot be written
   */
  public AudioClip load(byte[] bytes, String source, String extension) throws IOException {
    AudioBounds.checkBytes(limits, bytes.length, source);
    byte[] header = Arrays.copyOf(bytes, Math.min(bytes.length, 16));
    String magic = header.length >= 4 ? new String(header, 0, 4, StandardCharsets.ISO_8859_1) : "";
    if (magic.equals("RIFF") || magic.equals("RF64") || extension.equals("wav")) {
      return WavReader.parse(bytes, source, limits);
    }
    Path named = Path.of("memory." + extension);
    for (AudioDecoder decoder : decoders) {
      if (decoder.canDecode(named, header)) {
        return decoder.decode(bytes, source, extension, limits);
      }
    }
    throw new AudioException(source + ": not WAV, and no decoder for other formats accepts it");
  }
}
