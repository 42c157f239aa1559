package dev.sure4j.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j encode} end to end: a Hugging Face-layout checkpoint and a WAV file in, the
 * hidden states torchaudio computed for the same model and audio out (fixtures of adapters-speech,
 * made by its src/test/python/make_encoder_fixtures.py).
 */
class EncodeCommandTest {

  private static final Path FIXTURES =
      SpeechFixtures.resource("dev", "sure4j", "speech", "encoder");

  static Path checkpoint(Path dir) throws Exception {
    Path model = FIXTURES.resolve("hubert_group_postln");
    Files.copy(model.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(model.resolve("model.safetensors"), dir.resolve("model.safetensors"));
    // the reference was computed on the raw samples, so the feature extractor must not normalise
    Files.writeString(
        dir.resolve("preprocessor_config.json"),
        "{\"do_normalize\": false, \"sampling_rate\": 16000}");
    return dir;
  }

  static float[] readNpy(Path f, long frames, long hidden) throws Exception {
    byte[] b = Files.readAllBytes(f);
    int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(header.contains("'shape': (" + frames + ", " + hidden + ")"), header);
    float[] out = new float[(int) (frames * hidden)];
    ByteBuffer.wrap(b, 10 + headerLen, out.length * 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(out);
    return out;
  }

  private static void check(Path out, String referenceName) throws Exception {
    check(out, FIXTURES.resolve("hubert_group_postln/reference.safetensors"), referenceName);
  }

  private static void check(Path out, Path referenceFile, String referenceName) throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader ref = SafetensorsReader.open(referenceFile)) {
      NDArray expected = ref.readArray(referenceName, m);
      long frames = expected.getShape().get(1);
      long hidden = expected.getShape().get(2);
      NDArray actual = m.create(readNpy(out, frames, hidden)).reshape(1, frames, hidden);
      float diff = actual.sub(expected).abs().max().getFloat();
      System.out.printf("encode %s vs torchaudio: max abs diff %.3g%n", referenceName, diff);
      assertTrue(diff <= 1e-4, referenceName + " differs by " + diff);
    }
  }

  @Test
  void writesTheReferenceHiddenStatesAsNpy(@TempDir Path dir) throws Exception {
    Path model = checkpoint(Files.createDirectory(dir.resolve("model")));
    Path wav = FIXTURES.resolve("speech_a.wav");
    Path last = dir.resolve("last.npy");
    Path first = dir.resolve("layer0.npy");
    CommandLine cli = new CommandLine(new EncodeCommand());
    assertEquals(
        0,
        cli.execute(
            "--model", model.toString(), "--audio", wav.toString(), "--out", last.toString()));
    assertEquals(
        0,
        cli.execute(
            "--model",
            model.toString(),
            "--audio",
            wav.toString(),
            "--out",
            first.toString(),
            "--layer",
            "0"));
    check(last, "single.hidden_states.2");
    check(first, "single.hidden_states.0");
  }

  @Test
  void appliesPeftLoraAdaptersSavedFromEitherHuggingFaceModel(@TempDir Path dir) throws Exception {
    Path model = checkpoint(Files.createDirectory(dir.resolve("model")));
    Path peft = FIXTURES.resolve("hubert_group_postln/peft_lora");
    for (String layout : new String[] {"hubert_model", "sequence_classification"}) {
      Path out = dir.resolve(layout + ".npy");
      int code =
          new CommandLine(new EncodeCommand())
              .execute(
                  "--model", model.toString(),
                  "--audio", FIXTURES.resolve("speech_a.wav").toString(),
                  "--out", out.toString(),
                  "--adapter", peft.resolve(layout).toString());
      assertEquals(0, code, layout);
      check(out, peft.resolve("reference.safetensors"), "last_hidden_state");
    }
  }

  @Test
  void aLayerOutsideTheModelIsAUsageError(@TempDir Path dir) throws Exception {
    Path model = checkpoint(Files.createDirectory(dir.resolve("model")));
    int code =
        new CommandLine(new EncodeCommand())
            .execute(
                "--model", model.toString(),
                "--audio", FIXTURES.resolve("speech_a.wav").toString(),
                "--out", dir.resolve("x.npy").toString(),
                "--layer", "3");
    assertEquals(2, code);
    assertTrue(Files.notExists(dir.resolve("x.npy")));
  }

  @Test
  void maxSecondsRefusesALongerClipBeforeEncoding(@TempDir Path dir) throws Exception {
    Path model = checkpoint(Files.createDirectory(dir.resolve("model")));
    CommandLine cli = new CommandLine(new EncodeCommand());
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println(e.getMessage());
          return 1;
        });
    Path audio = FIXTURES.resolve("speech_a.wav");
    int code =
        cli.execute(
            "--model", model.toString(),
            "--audio", audio.toString(),
            "--out", dir.resolve("x.npy").toString(),
            "--max-seconds", "0.01");
    assertEquals(1, code);
    assertTrue(err.toString().startsWith(audio + ": "), err.toString());
    assertTrue(err.toString().contains("longer than the limit of 0.01 s"), err.toString());
    assertTrue(Files.notExists(dir.resolve("x.npy")));
  }
}
