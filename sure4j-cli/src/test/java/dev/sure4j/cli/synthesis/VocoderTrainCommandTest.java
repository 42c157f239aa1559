package dev.sure4j.cli.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.encode.NpyReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j vocoder-train} end to end on three recordings of the bundled TTS corpus: one
 * update writes a vocoder directory that {@code ./sure4j vocode --vocoder} loads; bad requests end
 * with one line and write nothing.
 */
class VocoderTrainCommandTest {

  private static final Path TTS = Path.of("..", "data", "mini", "tts").toAbsolutePath().normalize();
  private static final Path MEL = MelCommandTest.FIXTURES.resolve("speech_a_hifigan.npy");

  /** Writes a corpus directory whose base.csv lists three training recordings, absolute paths. */
  private static Path corpus(Path dir) throws Exception {
    List<String> lines = Files.readAllLines(TTS.resolve("base.csv"));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (String line : lines.subList(1, lines.size())) {
      if (line.endsWith(",train") && out.size() < 4) {
        out.add(
            TTS.resolve(line.substring(0, line.indexOf(','))) + line.substring(line.indexOf(',')));
      }
    }
    Path data = Files.createDirectories(dir.resolve("corpus"));
    Files.write(data.resolve("base.csv"), out);
    return data;
  }

  @Test
  void oneUpdateWritesAVocoderThatVocodeLoads(@TempDir Path dir) throws Exception {
    Path data = corpus(dir);
    Path out = dir.resolve("vocoder");
    String[] args = {
      "--data",
      data.toString(),
      "--config",
      "tiny",
      "--steps",
      "1",
      "--out",
      out.toString(),
      "--segment",
      "2048",
      "--batch-size",
      "1"
    };
    assertEquals(0, new CommandLine(new VocoderTrainCommand()).execute(args));
    assertTrue(Files.isRegularFile(out.resolve("config.json")));
    assertTrue(Files.isRegularFile(out.resolve("generator.safetensors")));
    Path wave = dir.resolve("a.npy");
    String[] vocode = {
      "--mel", MEL.toString(), "--out", wave.toString(), "--vocoder", out.toString()
    };
    assertEquals(0, new CommandLine(new VocodeCommand()).execute(vocode));
    // the mel fixture has 87 frames; the generator upsamples by its hop, 256
    assertEquals(87 * 256, NpyReader.read(wave).data().length);
  }

  @Test
  void rejectsBadRequestsWithoutWriting(@TempDir Path dir) throws Exception {
    Path data = corpus(dir);
    Path out = dir.resolve("vocoder");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new VocoderTrainCommand()).setErr(new PrintWriter(err));
    assertEquals(
        2,
        cli.execute(
            "--data", data.toString(), "--config", "v9", "--steps", "1", "--out", "" + out));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(2, cli.execute("--data", empty.toString(), "--steps", "1", "--out", "" + out));
    assertEquals(
        2,
        cli.execute(
            "--data", data.toString(), "--segment", "1000", "--steps", "1", "--out", "" + out));
    assertTrue(Files.notExists(out));
    String message = err.toString();
    assertTrue(message.contains("vocoder config must be v3 or tiny, got 'v9'"), message);
    assertTrue(message.contains(empty + " is a directory without a base.csv manifest"), message);
    assertTrue(
        message.contains("segment 1000 must be a positive multiple of the hop 256"), message);
  }
}
