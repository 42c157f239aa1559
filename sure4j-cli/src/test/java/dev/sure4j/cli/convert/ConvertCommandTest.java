package dev.sure4j.cli.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.Sure4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code ./sure4j convert} and {@code ./sure4j encode} on the torch.save'd fixture checkpoints of
 * adapters-speech (tools/make_torch_bin_fixture.py): the converted file must hold the original
 * model.safetensors' tensors bit for bit, and encode must give the same hidden states from either
 * format.
 */
class ConvertCommandTest {

  private static final Path FIXTURES =
      SpeechFixtures.resource("dev", "sure4j", "speech", "encoder");
  private static final Path SAFETENSORS_DIR = FIXTURES.resolve("hubert_group_postln");

  /** Copies a fixture checkpoint with a preprocessor config that leaves the samples raw. */
  private static Path copy(Path fixture, Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(fixture)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith("reference")) {
          Files.copy(f, dir.resolve(f.getFileName().toString()));
        }
      }
    }
    Files.writeString(
        dir.resolve("preprocessor_config.json"),
        "{\"do_normalize\": false, \"sampling_rate\": 16000}");
    return dir;
  }

  private static int run(String... args) {
    return Sure4j.commandLine().execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln_bin", "hubert_group_postln_sharded_bin"})
  void convertedFileHoldsTheOriginalTensorsBitForBit(String variant, @TempDir Path tmp)
      throws Exception {
    Path model = copy(FIXTURES.resolve(variant), tmp.resolve("model"));
    Path out = tmp.resolve("converted");
    assertEquals(0, run("convert", "--model", model.toString(), "--out", out.toString()));
    assertArrayEquals(
        Files.readAllBytes(model.resolve("config.json")),
        Files.readAllBytes(out.resolve("config.json")));
    assertTrue(Files.isRegularFile(out.resolve("preprocessor_config.json")));
    try (SafetensorsReader got = SafetensorsReader.open(out.resolve("model.safetensors"));
        SafetensorsReader want =
            SafetensorsReader.open(SAFETENSORS_DIR.resolve("model.safetensors"))) {
      assertEquals(want.names(), got.names());
      for (String name : want.names()) {
        assertEquals(want.info(name).shape(), got.info(name).shape(), name);
        assertEquals(want.readRaw(name), got.readRaw(name), name + " bytes");
      }
      assertEquals("pt", got.metadata().get("format"));
    }
  }

  @Test
  void encodeGivesTheSameHiddenStatesFromBinSafetensorsAndConverted(@TempDir Path tmp)
      throws Exception {
    Path wav = FIXTURES.resolve("speech_a.wav");
    Path st = copy(SAFETENSORS_DIR, tmp.resolve("st"));
    Path bin = copy(FIXTURES.resolve("hubert_group_postln_bin"), tmp.resolve("bin"));
    Path converted = tmp.resolve("converted");
    assertEquals(0, run("convert", "--model", bin.toString(), "--out", converted.toString()));
    byte[] expected = null;
    for (Path model : new Path[] {st, bin, converted}) {
      Path npy = tmp.resolve(model.getFileName() + ".npy");
      String[] args = {"encode", "--model", model.toString(), "--audio", wav.toString()};
      assertEquals(
          0,
          run(
              Stream.concat(Stream.of(args), Stream.of("--out", npy.toString()))
                  .toArray(String[]::new)));
      byte[] got = Files.readAllBytes(npy);
      if (expected == null) {
        expected = got;
      } else {
        assertArrayEquals(expected, got, model + " encodes differently from model.safetensors");
      }
    }
  }

  @Test
  void refusesANonEmptyOutputAndLeavesItAlone(@TempDir Path tmp) throws Exception {
    Path model = copy(FIXTURES.resolve("hubert_group_postln_bin"), tmp.resolve("model"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    StringWriter err = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("convert", "--model", model.toString(), "--out", out.toString());
    assertNotEquals(0, code);
    assertTrue(
        err.toString().contains(out + " exists and is not an empty directory"), err.toString());
    assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(1, files.count());
    }
  }
}
