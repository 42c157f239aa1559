package dev.sure4j.cli;

import dev.sure4j.cli.bench.BenchGemmCommand;
import dev.sure4j.cli.bench.BenchServingCommand;
import dev.sure4j.cli.convert.ConvertCommand;
import dev.sure4j.cli.encode.EncodeCommand;
import dev.sure4j.cli.jshell.ShellCommand;
import dev.sure4j.cli.options.LimitOptions;
import dev.sure4j.cli.pretrain.PretrainCommand;
import dev.sure4j.cli.serve.ServeBenchCommand;
import dev.sure4j.cli.serve.ServeCommand;
import dev.sure4j.cli.soak.SoakCommand;
import dev.sure4j.cli.synthesis.MelCommand;
import dev.sure4j.cli.synthesis.VocodeCommand;
import dev.sure4j.cli.synthesis.VocoderTrainCommand;
import dev.sure4j.cli.tasks.EvaluateCommand;
import dev.sure4j.cli.tasks.PredictCommand;
import dev.sure4j.cli.tasks.QuickstartCommand;
import dev.sure4j.cli.tasks.TrainCommand;
import dev.sure4j.cli.tasks.WhisperPretrainCommand;
import dev.sure4j.cli.transcribe.TranscribeCommand;
import dev.sure4j.cli.tts.TtsCommand;
import dev.sure4j.cli.tts.TtsTrainCommand;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./sure4j} command line: one subcommand per example.
 *
 * <p>{@code demo} compares the adaptation methods on a small synthetic task; {@code methods} lists
 * the methods with their parameter cost at the SURE geometry; {@code encode} writes a HuBERT or
 * wav2vec2 checkpoint's hidden states for one audio file as a NumPy file; {@code convert} rewrites
 * a checkpoint's {@code pytorch_model.bin} as {@code model.safetensors}; {@code mel} writes the
 * log-mel spectrogram of one audio file as a NumPy file and {@code vocode} turns one back into
 * audio; {@code pretrain} pretrains the bundled small HuBERT backbone on the mini corpus; {@code
 * quickstart} trains every method on every bundled task and prints the SURE-style table; {@code
 * train}, {@code evaluate} and {@code predict} run those pieces one at a time; {@code transcribe}
 * runs a Whisper model over audio files; {@code shell} opens JShell with sure4j on the class path.
 */
@Command(
    name = "sure4j",
    // every subcommand inherits --help and --version (and the version text) from here
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "sure4j 0.1.0-SNAPSHOT",
    description = "Parameter-efficient transfer learning on DJL: runnable examples.",
    subcommands = {
      DemoCommand.class,
      MethodsCommand.class,
      EncodeCommand.class,
      ConvertCommand.class,
      MelCommand.class,
      VocodeCommand.class,
      VocoderTrainCommand.class,
      TtsCommand.class,
      TtsTrainCommand.class,
      PretrainCommand.class,
      WhisperPretrainCommand.class,
      QuickstartCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      TranscribeCommand.class,
      ServeCommand.class,
      ServeBenchCommand.class,
      SoakCommand.class,
      BenchServingCommand.class,
      BenchGemmCommand.class,
      ShellCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Sure4j implements Runnable {

  /**
   * The commands that get no limit flags ({@link LimitOptions}): they read only what sure4j bundles
   * or generates. Every other command reads files or requests from users or hubs.
   */
  private static final Set<String> READS_NO_UNTRUSTED_INPUT =
      Set.of("demo", "methods", "bench-gemm", "shell", "help");

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the command line, for embedding and tests.
   *
   * @return the picocli command line
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Sure4j());
    cli.getSubcommands().values().stream()
        .distinct()
        .filter(c -> !READS_NO_UNTRUSTED_INPUT.contains(c.getCommandName()))
        .forEach(LimitOptions::addTo);
    cli.setExecutionStrategy(LimitOptions::execute);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          // bad input and failed files: one clear line; set SURE4J_DEBUG=1 for the stack trace
          if ("1".equals(System.getenv("SURE4J_DEBUG"))) {
            e.printStackTrace(line.getErr());
          } else {
            line.getErr()
                .printf(
                    "sure4j %s: %s%n", line.getCommandName(), LimitOptions.namingFlags(oneLine(e)));
          }
          return line.getCommandSpec().exitCodeOnExecutionException();
        });
    return cli;
  }

  /**
   * The one-line message of a failed command: the exception's message (its first line), a missing
   * file as {@code <file>: no such file}, or the exception's name when it has no message.
   */
  private static String oneLine(Exception e) {
    if (e instanceof NoSuchFileException missing && missing.getReason() == null) {
      return missing.getFile() + ": no such file";
    }
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : message.lines().findFirst().orElse(e.getClass().getSimpleName());
  }

  /** Without a subcommand: prints the usage and fails. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. 'demo'");
  }
}
