package dev.sure4j.audio.ffmpeg;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioBounds;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioDecoder;
import dev.sure4j.speech.audio.AudioException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes any audio file FFmpeg reads (FLAC, MP3, Ogg Vorbis, Opus, M4A/AAC, ...) inside the JVM,
 * through the FFmpeg native library that DJL Audio brings (javacv's {@link FFmpegFrameGrabber}).
 *
 * <p>Unlike DJL's {@code FFmpegAudioFactory} it keeps every channel (all planes of planar sample
 * formats), scales 16-bit samples by {@code 1 / 32768} as torchaudio and soundfile do (not {@code 1
 * / 32767}), and keeps the file's own rate: the result equals what {@code torchaudio.load} returns
 * for the same file. Registered in {@code META-INF/services/dev.sure4j.speech.audio.AudioDecoder},
 * so {@code AudioLoader.standard()} tries it before the command-line programs; when the native
 * library cannot be loaded on this platform, {@link #canDecode} is false and the loader falls back
 * to them.
 *
 * <p>Only the demuxers of audio containers ({@link #DEMUXERS}) and the {@code file} protocol are
 * enabled, so a playlist (DASH, HLS) or concat list that names other files or URLs is refused
 * before anything it names is opened.
 *
 * <p>FFmpeg's own log output is silenced when the library is first loaded ({@code
 * av_log_set_level(AV_LOG_QUIET)}): a file that cannot be opened is reported by an {@link
 * AudioException} instead. Like the {@code ffmpeg} program, FFmpeg skips packets it cannot decode
 * inside an otherwise readable stream; a stream that decodes to nothing, or to more than 0.1 s less
 * than its header declares, is reported as truncated or corrupt.
 */
public final class FfmpegDecoder implements AudioDecoder {
  /** How much shorter than its declared duration a decoded stream may be, in microseconds. */
  static final long TRUNCATION_SLACK_US = 100_000;

  /**
   * The demuxers FFmpeg may pick (its {@code format_whitelist}): audio containers only. Playlist
   * and list formats (DASH, HLS, concat, ...) that name other files or URLs are not among them.
   */
  static final String DEMUXERS = "wav,flac,mp3,ogg,mov,mp4,m4a";

  /** The protocols FFmpeg may open (its {@code protocol_whitelist}): the local file only. */
  static final String PROTOCOLS = "file";

  /**
   * The protocol allow-list when decoding from memory: a name that is no protocol, so FFmpeg may
   * open none (the bytes come through a custom I/O context, which needs no protocol).
   */
  static final String MEMORY_PROTOCOLS = "none";

  private static final Pattern ERROR_CODE = Pattern.compile("(\\w+\\(\\)) error (-?\\d+)");

  /** Creates the decoder (the native library is loaded on first use). */
  public FfmpegDecoder() {}

  @Override
  public String name() {
    return "ffmpeg (in-JVM)";
  }

  /**
   * Accepts every file when the FFmpeg native library loads on this platform: FFmpeg recognises
   * formats by their content, and a file it cannot read is reported by {@link #decode(Path)}.
   *
   * @param file the file
   * @param header the file's first bytes (not used)
   * @return whether the FFmpeg native library is usable
   */
  @Override
  public boolean canDecode(Path file, byte[] header) {
    return Natives.LOADED;
  }

  /**
   * Decodes the first audio stream of a file.
   *
   * @param file the file
   * @return the clip, samples [channels][frames] at the file's own rate in Hz
   * @throws AudioException if FFmpeg cannot open the file, it has no audio stream, it decodes to no
   *     samples or to more than 0.1 s less than its header declares (truncated or damaged), or a
   *     decoded sample is not finite (one line naming the file)
   * @throws IOException if the file cannot be read
   */
  @Override
  public AudioClip decode(Path file) throws IOException {
    return decode(file, InputLimits.defaults());
  }

  /**
   * Decodes the first audio stream of a file within limits: its sample rate is checked before
   * decoding starts, and decoding stops with an {@link AudioException} as soon as the samples would
   * pass {@link InputLimits#maxSeconds()} or {@link InputLimits#maxDecodedSamples()}.
   *
   * @param file the file
   * @param limits the limits
   * @return the clip, samples [channels][frames] at the file's own rate in Hz
   * @throws AudioException as {@link #decode(Path)}, or if the file is over a limit (one line
   *     naming the file)
   * @throws IOException if the file cannot be read
   */
  @Override
  public AudioClip decode(Path file, InputLimits limits) throws IOException {
    checkLoaded(file.toString());
    return decode(new FFmpegFrameGrabber(file.toFile()), file.toString(), PROTOCOLS, limits);
  }

  /**
   * Decodes an encoded file held in memory without writing it anywhere: FFmpeg reads the bytes
   * through a custom I/O context ({@code avio_alloc_context} with a read and a seek callback over
   * the array, javacv's {@link FFmpegFrameGrabber#FFmpegFrameGrabber(java.io.InputStream, int)}).
   * The demuxer allow-list ({@link #DEMUXERS}) holds as for files, and no protocol at all is
   * allowed ({@link #MEMORY_PROTOCOLS}), so nothing the bytes name can be opened.
   *
   * @param bytes the encoded file
   * @param source what the bytes are, for messages
   * @param extension not used: FFmpeg recognises formats by their content
   * @param limits the limits, checked as for a file
   * @return the clip, samples [channels][frames] at the stream's own rate in Hz
   * @throws AudioException as {@link #decode(Path, InputLimits)}, naming {@code source}
   * @throws IOException if the bytes cannot be read
   */
  @Override
  public AudioClip decode(byte[] bytes, String source, String extension, InputLimits limits)
      throws IOException {
    checkLoaded(source);
    return decode(
        new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length),
        source,
        MEMORY_PROTOCOLS,
        limits);
  }

  private static void checkLoaded(String source) throws AudioException {
    if (!Natives.LOADED) {
      throw new AudioException(
          source + ": the FFmpeg native library could not be loaded: " + Natives.ERROR);
    }
  }

  private static AudioClip decode(
      FFmpegFrameGrabber opened, String source, String protocols, InputLimits limits)
      throws IOException {
    try (FFmpegFrameGrabber grabber = opened) {
      grabber.setSampleMode(FrameGrabber.SampleMode.RAW);
      grabber.setOption("format_whitelist", DEMUXERS);
      grabber.setOption("protocol_whitelist", protocols);
      grabber.start();
      int channels = grabber.getAudioChannels();
      int rate = grabber.getSampleRate();
      if (channels <= 0 || rate <= 0) {
        throw new AudioException(
            source + ": FFmpeg found no audio stream in it (format " + grabber.getFormat() + ")");
      }
      AudioBounds.checkRate(limits, rate, source);
      ChannelBuffers buffers = new ChannelBuffers(channels, limits.maxFrames(channels, rate));
      Frame frame;
      while ((frame = grabber.grabSamples()) != null) {
        if (frame.samples != null && !buffers.append(frame.samples)) {
          throw AudioBounds.stoppedAtLimit(limits, channels, rate, source);
        }
      }
      float[][] samples = buffers.samples();
      checkComplete(source, grabber, samples[0].length, rate);
      grabber.stop();
      return AudioClip.of(samples, rate);
    } catch (FrameGrabber.Exception e) {
      throw new AudioException(source + ": FFmpeg could not read it: " + describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new AudioException(source + ": decoded " + e.getMessage(), e);
    }
  }

  /**
   * Rejects a stream that decoded to nothing, or to more than {@link #TRUNCATION_SLACK_US} less
   * than the duration its header declares (when the duration is read from the stream, not guessed
   * from the bit rate): the sign of a truncated or damaged file, whose undecodable packets FFmpeg
   * skips silently.
   */
  private static void checkComplete(String file, FFmpegFrameGrabber grabber, int frames, int rate)
      throws AudioException {
    long decodedUs = Math.round(frames * 1e6 / rate);
    AVFormatContext context = grabber.getFormatContext();
    long declaredUs = context.duration();
    long startUs = context.start_time() == avutil.AV_NOPTS_VALUE ? 0 : context.start_time();
    boolean known =
        declaredUs > 0
            && declaredUs != avutil.AV_NOPTS_VALUE
            && context.duration_estimation_method() != avformat.AVFMT_DURATION_FROM_BITRATE;
    if (frames == 0
        || (known && declaredUs - Math.max(startUs, 0) - decodedUs > TRUNCATION_SLACK_US)) {
      throw new AudioException(
          String.format(
              Locale.ROOT,
              "%s: truncated or corrupt: its header declares %.3f s of audio but only %.3f s"
                  + " (%d frames at %d Hz) could be decoded",
              file,
              declaredUs / 1e6,
              decodedUs / 1e6,
              frames,
              rate));
    }
  }

  /**
   * Turns a javacv exception such as {@code avformat_open_input() error -1094995529: Could not open
   * input "x". (Has setFormat() been called?) ...} into FFmpeg's own words for the error code, such
   * as {@code Invalid data found when processing input (avformat_open_input() error -1094995529)}.
   */
  private static String describe(Exception e) {
    String message = firstLine(e);
    Matcher m = ERROR_CODE.matcher(message);
    if (!m.find()) {
      return message;
    }
    int code = Integer.parseInt(m.group(2));
    if (code == -22 && m.group(1).startsWith("avformat_open_input")) {
      // what libavformat returns when the probed demuxer or a protocol is not whitelisted
      return "it is not in one of the allowed audio containers ("
          + DEMUXERS
          + "; playlists and lists of other files are refused)";
    }
    byte[] text = new byte[256];
    if (avutil.av_strerror(code, text, text.length) < 0) {
      return message;
    }
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return new String(text, 0, end, StandardCharsets.UTF_8)
        + " ("
        + m.group(1)
        + " error "
        + code
        + ")";
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Loads the FFmpeg native library once and remembers whether that worked. */
  private static final class Natives {
    static final String ERROR = load();
    static final boolean LOADED = ERROR.isEmpty();

    private static String load() {
      try {
        FFmpegFrameGrabber.tryLoad();
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        return "";
      } catch (FrameGrabber.Exception | LinkageError e) {
        return firstLine(e instanceof Exception x ? x : new Exception(e.toString()));
      }
    }
  }
}
