package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.Sure4j;
import dev.sure4j.cli.options.LimitOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The limit flags ({@link LimitOptions}): every limit of {@link InputLimits} has a flag on the
 * commands that read untrusted input; a flag lowers its limit for the command, an input over it is
 * refused in one line naming the limit and the flag, and a bad value is refused in one line naming
 * the flag.
 */
class LimitFlagsTest {

  private static final Path BIN =
      SpeechFixtures.resource("dev", "sure4j", "speech", "encoder", "hubert_group_postln_bin");

  @TempDir Path tmp;
  private InputLimits saved;

  @BeforeEach
  void save() {
    saved = InputLimits.defaults();
  }

  @AfterEach
  void restore() {
    InputLimits.setDefaults(saved);
  }

  @Test
  void theFlagsAreMadeFromTheLimitNames() {
    assertEquals("--max-pickle-depth", LimitOptions.flag("maxPickleDepth"));
    assertEquals("--min-sample-rate", LimitOptions.flag("minSampleRate"));
    assertEquals("--max-audio-seconds", LimitOptions.flag("maxSeconds"));
    assertEquals("--max-body-bytes", LimitOptions.flag("maxBodyBytes"));
    for (String command :
        List.of(
            "serve", "encode", "convert", "transcribe", "predict", "evaluate", "train", "mel")) {
      String help = help(command);
      for (String name : InputLimits.names()) {
        assertTrue(
            help.contains(LimitOptions.flag(name)),
            command + " has no flag for " + name + ": " + help);
      }
      assertTrue(help.contains("(default: 256;"), command + " shows the default depth: " + help);
    }
    assertFalse(help("methods").contains("--max-pickle-depth"), "methods reads no input");
  }

  @Test
  void aLoweredPickleLimitRefusesTheCheckpointNamingTheLimitAndTheFlag() {
    convertRefused(
        "--max-pickle-objects",
        "5",
        "pytorch_model.bin",
        "more than 5 objects (limit maxPickleObjects, flag --max-pickle-objects)");
    convertRefused(
        "--max-pickle-depth",
        "1",
        "pytorch_model.bin",
        "MARKs nested more than 1 deep (limit maxPickleDepth, flag --max-pickle-depth)");
    convertRefused(
        "--max-tensor-bytes",
        "8",
        "pytorch_model.bin",
        "more than the limit of 8 tensor bytes (limit maxTensorBytes, flag --max-tensor-bytes)");
  }

  private void convertRefused(String flag, String value, String file, String message) {
    Path out = tmp.resolve("out");
    Cli.run("convert", flag, value, "--model", BIN.toString(), "--out", out.toString())
        .assertRefused("convert", out, List.of(file, message));
  }

  @Test
  void aLoweredHeaderOrJsonLimitRefusesTheModelNamingTheLimitAndTheFlag() throws IOException {
    Path wav = Wav.writeMiniClip(tmp.resolve("clip.wav"));
    Path out = tmp.resolve("h.npy");
    Cli.run(encode("--max-header-bytes", "100", wav, out))
        .assertRefused(
            "encode",
            out,
            List.of(
                "model.safetensors: header of ",
                "over the limit of 100 (limit maxHeaderBytes, flag --max-header-bytes)"));
    Cli.run(encode("--max-json-bytes", "8", wav, out))
        .assertRefused(
            "encode",
            out,
            List.of(
                "config.json", "over the limit of 8 (limit maxJsonBytes, flag --max-json-bytes)"));
    Cli.run(encode("--max-sample-rate", "8000", wav, out))
        .assertRefused(
            "encode",
            out,
            List.of(
                "clip.wav", "sample rate of 16000 Hz is outside the accepted range 1000..8000 Hz"));
    Cli.run(encode("--max-sample-rate", "16000", wav, out)).assertWorked("rate at the limit");
  }

  @Test
  void aBadValueIsRefusedInOneLineNamingTheFlag() throws IOException {
    Path wav = Wav.writeMiniClip(tmp.resolve("clip.wav"));
    Path out = tmp.resolve("bad.npy");
    Cli.run(encode("--max-pickle-depth", "deep", wav, out))
        .assertRefused("encode", out, List.of("--max-pickle-depth 'deep': not a number"));
    Cli.run(encode("--max-json-depth", "0", wav, out))
        .assertRefused(
            "encode", out, List.of("--max-json-depth '0': the JSON depth limit must be > 0: 0"));
    Cli.run(encode("--max-audio-seconds", "NaN", wav, out))
        .assertRefused(
            "encode",
            out,
            List.of("--max-audio-seconds 'NaN': the duration limit must be finite and > 0 s: NaN"));
    Cli.run(encode("--min-sample-rate", "-1", wav, out))
        .assertRefused(
            "encode", out, List.of("--min-sample-rate '-1': a sample rate must be > 0 Hz: -1"));
    Cli.run(
            "encode",
            "--min-sample-rate",
            "48000",
            "--max-sample-rate",
            "8000",
            "--model",
            Cli.MODEL.toString(),
            "--audio",
            wav.toString(),
            "--out",
            out.toString())
        .assertRefused(
            "encode",
            out,
            List.of(
                "--min-sample-rate/--max-sample-rate: the sample-rate range 48000..8000 Hz is empty"));
    assertEquals(saved, InputLimits.defaults(), "a refused flag leaves the defaults alone");
  }

  private static String[] encode(String flag, String value, Path wav, Path out) {
    return new String[] {
      "encode",
      flag,
      value,
      "--model",
      Cli.MODEL.toString(),
      "--audio",
      wav.toString(),
      "--out",
      out.toString()
    };
  }

  private static String help(String command) {
    StringWriter text = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setOut(new PrintWriter(text, true));
    cli.execute(command, "--help");
    return text.toString();
  }
}
