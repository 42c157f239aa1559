package dev.sure4j.audio.ffmpeg;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.WavReader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Writes the lossy test fixtures with FFmpeg's encoders (through javacv's {@link
 * FFmpegFrameRecorder}, the library under test's own FFmpeg build): MP3 (libmp3lame), M4A (FFmpeg's
 * AAC encoder) and Opus (libopus) versions of {@code yes.wav} and {@code yes_stereo.wav}.
 *
 * <p>Run after {@code src/test/python/make_ffmpeg_fixtures.sh} has written the WAV, FLAC and Ogg
 * fixtures; see {@code docs/audio.md}. Encoding is bit-exact (FFmpeg's {@code bitexact} flags), so
 * the files are reproducible with the same FFmpeg build.
 *
 * <p>Usage: {@code java -cp ... dev.sure4j.audio.ffmpeg.EncodeFixtures DIR}.
 */
public final class EncodeFixtures {
  /**
   * An FFmpeg encoder and container.
   *
   * @param extension the file name extension
   * @param format the FFmpeg muxer
   * @param encoder the FFmpeg encoder
   * @param bitrate the bit rate in bits/s (ignored by lossless encoders)
   */
  record Codec(String extension, String format, String encoder, int bitrate) {}

  static final Codec[] CODECS = {
    new Codec("mp3", "mp3", "libmp3lame", 64_000),
    new Codec("m4a", "mp4", "aac", 64_000),
    new Codec("opus", "opus", "libopus", 32_000),
  };

  /** Silence appended to every input, in frames (0.25 s at 16 kHz). */
  static final int PAD_FRAMES = 4000;

  private EncodeFixtures() {}

  /**
   * Encodes every source WAV in every lossy format.
   *
   * @param args the fixture directory
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    for (String stem : new String[] {"yes", "yes_stereo"}) {
      AudioClip clip = WavReader.read(dir.resolve(stem + ".wav"));
      for (Codec codec : CODECS) {
        Path out = dir.resolve(stem + "." + codec.extension());
        encode(clip, codec, out);
        System.out.println(out + ": " + Files.size(out) + " bytes");
      }
    }
  }

  /** Encodes a clip followed by {@link #PAD_FRAMES} zeros. */
  static void encode(AudioClip clip, Codec codec, Path out) throws IOException {
    int channels = clip.channelCount();
    // zeros after the clip: FFmpegFrameRecorder.flush() (javacv 1.5.10) stops after one packet and
    // leaves the encoder's last frames queued, so the end of the input would be lost
    int frames = clip.frames() + PAD_FRAMES;
    float[] interleaved = new float[frames * channels];
    for (int c = 0; c < channels; c++) {
      float[] x = clip.channel(c);
      for (int i = 0; i < x.length; i++) {
        interleaved[i * channels + c] = x[i];
      }
    }
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), channels)) {
      recorder.setFormat(codec.format());
      recorder.setAudioCodecName(codec.encoder());
      recorder.setSampleRate(clip.sampleRate());
      recorder.setAudioBitrate(codec.bitrate());
      recorder.setOption("fflags", "+bitexact");
      recorder.setAudioOption("flags", "+bitexact");
      recorder.start();
      recorder.recordSamples(clip.sampleRate(), channels, FloatBuffer.wrap(interleaved));
      recorder.stop();
    }
  }
}
