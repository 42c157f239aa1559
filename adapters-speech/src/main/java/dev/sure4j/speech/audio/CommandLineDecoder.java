package dev.sure4j.speech.audio;

import dev.sure4j.adapters.io.InputLimits;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decodes compressed audio (FLAC, MP3, OGG, M4A, ...) by running {@code ffmpeg}, {@code sox} or
 * {@code flac} and reading the WAV it writes to its standard output with {@link WavReader}.
 *
 * <p>Samples keep the file's own rate and channels; {@code ffmpeg} and {@code sox} are asked for
 * 32-bit float output, so 16-bit and 24-bit sources are decoded exactly. {@code flac} only reads
 * FLAC; {@code sox} reads the formats it was built with ({@code sox -h} lists them).
 */
public final class CommandLineDecoder implements AudioDecoder {
  /** The supported programs, in order of preference. */
  public enum Tool {
    /** FFmpeg: every common format. */
    FFMPEG("ffmpeg"),
    /** SoX: FLAC, OGG, MP3 (when built with them) and many more. */
    SOX("sox"),
    /** The reference FLAC tool: FLAC only. */
    FLAC("flac");

    private final String program;

    Tool(String program) {
      this.program = program;
    }

    /**
     * Returns the program name looked up on the {@code PATH}.
     *
     * @return the program name
     */
    public String program() {
      return program;
    }
  }

  private static final Set<String> FLAC_EXTENSIONS = Set.of("flac");
  private static final Set<String> EXTENSIONS =
      Set.of(
          "flac", "mp3", "ogg", "oga", "opus", "m4a", "mp4", "aac", "wma", "aiff", "aif", "webm",
          "wv");

  /** The most output bytes read: the largest byte array, less one. */
  private static final long MAX_OUTPUT = Integer.MAX_VALUE - 9;

  /** Output bytes allowed beyond the samples, for the WAV header and its chunks. */
  private static final long HEADER_SLACK = 1 << 16;

  /** How long the program may run for one file before it is stopped: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private final Tool tool;
  private final Path executable;
  private final Duration timeout;

  private CommandLineDecoder(Tool tool, Path executable) {
    this(tool, executable, DEFAULT_TIMEOUT);
  }

  private CommandLineDecoder(Tool tool, Path executable, Duration timeout) {
    this.tool = tool;
    this.executable = executable;
    this.timeout = timeout;
  }

  /**
   * Returns a decoder that stops the program after a given time for one file (default {@link
   * #DEFAULT_TIMEOUT}) and refuses the file.
   *
   * @param timeout the time, positive
   * @return a new decoder
   */
  public CommandLineDecoder withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("decode timeout must be positive: " + timeout);
    }
    return new CommandLineDecoder(tool, executable, timeout);
  }

  /**
   * Creates a decoder for a given program.
   *
   * @param tool the program kind
   * @param executable path of the executable
   * @return the decoder
   */
  public static CommandLineDecoder of(Tool tool, Path executable) {
    return new CommandLineDecoder(tool, executable);
  }

  /**
   * Finds the preferred program on the {@code PATH} (ffmpeg, then sox, then flac).
   *
   * @return the decoder, or empty if none of the programs is installed
   */
  public static Optional<CommandLineDecoder> find() {
    for (Tool tool : Tool.values()) {
      Optional<Path> exe = onPath(tool.program);
      if (exe.isPresent()) {
        return Optional.of(new CommandLineDecoder(tool, exe.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Finds one program on the {@code PATH}.
   *
   * @param tool the program kind
   * @return the decoder, or empty if the program is not installed
   */
  public static Optional<CommandLineDecoder> find(Tool tool) {
    return onPath(tool.program).map(exe -> new CommandLineDecoder(tool, exe));
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the program kind.
   *
   * @return the tool
   */
  public Tool tool() {
    return tool;
  }

  @Override
  public String name() {
    return tool.program + " (" + executable + ")";
  }

  @Override
  public boolean canDecode(Path file, byte[] header) {
    String ext = extension(file);
    boolean flacMagic =
        header.length >= 4 && new String(header, 0, 4, StandardCharsets.ISO_8859_1).equals("fLaC");
    if (tool == Tool.FLAC) {
      return flacMagic || FLAC_EXTENSIONS.contains(ext);
    }
    return flacMagic || EXTENSIONS.contains(ext);
  }

  @Override
  public AudioClip decode(Path file) throws IOException {
    return decode(file, InputLimits.defaults());
  }

  /**
   * Decodes a file, reading at most 4 bytes per {@link InputLimits#maxDecodedSamples() decoded
   * sample} (plus 64 KiB of header) of the program's output: beyond that the program is stopped and
   * the file refused. The WAV it wrote is then read within the limits (rate, seconds).
   *
   * @param file the file
   * @param limits the limits
   * @return the clip, samples [channels][frames] at the file's own rate
   * @throws AudioException if the program fails, or the output is over a limit (one line naming the
   *     file)
   * @throws IOException if the file cannot be read
   */
  @Override
  public AudioClip decode(Path file, InputLimits limits) throws IOException {
    String input = file.toAbsolutePath().toString();
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    switch (tool) {
      case FFMPEG:
        command.addAll(
            List.of(
                "-nostdin", "-v", "error", "-i", input, "-f", "wav", "-acodec", "pcm_f32le", "-"));
        break;
      case SOX:
        command.addAll(List.of("-V1", input, "-t", "wav", "-e", "floating-point", "-b", "32", "-"));
        break;
      case FLAC:
        command.addAll(List.of("--decode", "--stdout", "--silent", input));
        break;
      default:
        throw new IllegalStateException("unhandled tool " + tool);
    }
    Path errors = Files.createTempFile("sure4j-decode", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      process.getOutputStream().close(); // no input on stdin
      AtomicBoolean timedOut = new AtomicBoolean();
      CompletableFuture<Process> watchdog =
          process
              .onExit()
              .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
              .whenComplete(
                  (exited, error) -> {
                    if (exited == null && process.isAlive()) {
                      timedOut.set(true);
                      process.descendants().forEach(ProcessHandle::destroyForcibly);
                      process.destroyForcibly();
                    }
                  });
      long bound = Math.min(MAX_OUTPUT, 4 * limits.maxDecodedSamples() + HEADER_SLACK);
      byte[] wav;
      try (InputStream out = process.getInputStream()) {
        wav = out.readNBytes((int) bound + 1);
      }
      if (wav.length > bound) {
        process.destroyForcibly();
        throw new AudioException(
            String.format(
                "%s: %s writes more than %d bytes for it, over the limit of %d decoded samples;"
                    + " decoding stopped there",
                file, tool.program, bound, limits.maxDecodedSamples()));
      }
      int exit = waitFor(process, file);
      watchdog.cancel(false);
      if (timedOut.get()) {
        throw new AudioException(
            String.format(
                "%s: %s took longer than %d s to decode it; stopped",
                file, tool.program, timeout.toSeconds()));
      }
      if (exit != 0) {
        String stderr = Files.readString(errors, StandardCharsets.UTF_8).strip();
        throw new AudioException(
            file
                + ": "
                + tool.program
                + " could not decode it (exit code "
                + exit
                + "): "
                + stderr);
      }
      return WavReader.parse(wav, file + " (decoded by " + tool.program + ")", limits);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static int waitFor(Process process, Path file) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException(file + ": interrupted while decoding", e);
    }
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
