package dev.sure4j.audio.ffmpeg;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioDecoder;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.CommandLineDecoder;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures decoding speed on a 10 s, 48 kHz stereo clip (two different chirps) encoded in every
 * format, for {@code docs/audio.md}: the median of 7 runs after 3 warm-up runs, of {@link
 * FfmpegDecoder} alone, of the whole {@link AudioPipeline} (decode, downmix, resample to 16 kHz)
 * with it, and of the command-line decoders found on the {@code PATH}. MP3, M4A and Opus are
 * written by FFmpeg ({@link EncodeFixtures}), FLAC and Ogg Vorbis by sox (16-bit source).
 *
 * <p>Usage: {@code java -cp ... dev.sure4j.audio.ffmpeg.DecodeTiming}.
 */
public final class DecodeTiming {
  private static final int RATE = 48_000;
  private static final int SECONDS = 10;

  private DecodeTiming() {}

  /**
   * Runs the measurement.
   *
   * @param args not used
   * @throws IOException if a file cannot be written or decoded
   */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("decode-timing");
    AudioClip clip = chirps();
    Path wav = dir.resolve("chirps.wav");
    WavWriter.write(wav, clip, SampleFormat.PCM_S16);
    List<Path> files = new ArrayList<>();
    for (EncodeFixtures.Codec codec : EncodeFixtures.CODECS) {
      files.add(dir.resolve("chirps." + codec.extension()));
      EncodeFixtures.encode(clip, codec, files.get(files.size() - 1));
    }
    for (String extension : new String[] {"flac", "ogg"}) {
      files.add(dir.resolve("chirps." + extension));
      sox(wav, files.get(files.size() - 1));
    }
    FfmpegDecoder ffmpeg = new FfmpegDecoder();
    AudioPipeline pipeline =
        AudioPipeline.builder().optLoader(AudioLoader.of(List.of(ffmpeg))).build();
    for (Path file : files) {
      String line =
          String.format(
              Locale.ROOT,
              "%-12s %7d bytes: FfmpegDecoder %6.1f ms, AudioPipeline %6.1f ms",
              file.getFileName(),
              Files.size(file),
              medianMs(() -> ffmpeg.decode(file)),
              medianMs(() -> pipeline.load(file)));
      for (CommandLineDecoder.Tool tool : CommandLineDecoder.Tool.values()) {
        AudioDecoder program = CommandLineDecoder.find(tool).orElse(null);
        if (program != null && program.canDecode(file, new byte[0])) {
          try {
            line +=
                String.format(
                    Locale.ROOT,
                    ", %s %6.1f ms",
                    tool.program(),
                    medianMs(() -> program.decode(file)));
          } catch (IOException e) {
            line += ", " + tool.program() + " cannot read it";
          }
        }
      }
      System.out.println(line);
    }
  }

  /** Writes FLAC or Ogg Vorbis (quality 3) with sox, as the fixture script does. */
  private static void sox(Path wav, Path out) throws IOException {
    try {
      Process p =
          new ProcessBuilder(
                  "sox",
                  "-R",
                  wav.toString(),
                  "-C",
                  out.toString().endsWith(".ogg") ? "3" : "5",
                  out.toString())
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("sox failed on " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private interface Run {
    Object run() throws IOException;
  }

  private static double medianMs(Run run) throws IOException {
    for (int i = 0; i < 3; i++) {
      run.run();
    }
    double[] ms = new double[7];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      run.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static AudioClip chirps() {
    float[][] x = new float[2][RATE * SECONDS];
    for (int i = 0; i < x[0].length; i++) {
      double t = i / (double) RATE;
      x[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * (100 * t + 400 * t * t)));
      x[1][i] = (float) (0.3 * Math.sin(2 * Math.PI * (3000 * t - 100 * t * t)));
    }
    return AudioClip.of(x, RATE);
  }
}
