package dev.sure4j.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The PEFT family through {@code ./sure4j encode --adapter}: PEFT-layout directories of rsLoRA,
 * DoRA, IA3, VeRA (projections saved and regenerated), LoRA and DoRA on convolutions, written by
 * PyTorch from PEFT's formulas (adapters-speech/src/test/python/make_peft_*_fixtures.py), give
 * PyTorch's last hidden state within 1e-4. (Each method's parity test in adapters-speech also
 * checks that sure4j writes the directory back with PEFT's tensor names and fields.)
 */
class EncodePeftFamilyTest {

  private static final Path FIXTURES =
      SpeechFixtures.resource("dev", "sure4j", "speech", "encoder", "hubert_group_postln");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rsLoRA, peft_rslora, .",
    "DoRA, peft_dora, .",
    "IA3, peft_ia3, hubert_model",
    "VeRA saved projections, peft_vera, projection",
    "VeRA regenerated projections, peft_vera, regenerated",
    "LoRA on convolutions, peft_conv_lora, hubert_model",
    "DoRA on convolutions, peft_conv_dora, hubert_model"
  })
  void encodesAsPyTorch(String label, String fixture, String layout, @TempDir Path dir)
      throws Exception {
    Path model = EncodeCommandTest.checkpoint(Files.createDirectory(dir.resolve("model")));
    Path adapter = FIXTURES.resolve(fixture).resolve(layout);
    Path out = dir.resolve("out.npy");
    int code =
        new CommandLine(new EncodeCommand())
            .execute(
                "--model", model.toString(),
                "--audio", FIXTURES.getParent().resolve("speech_a.wav").toString(),
                "--out", out.toString(),
                "--adapter", adapter.toString());
    assertEquals(0, code, label);
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader ref =
            SafetensorsReader.open(FIXTURES.resolve(fixture).resolve("reference.safetensors"))) {
      NDArray expected = ref.readArray("last_hidden_state", m);
      long frames = expected.getShape().get(1);
      long hidden = expected.getShape().get(2);
      float[] got = EncodeCommandTest.readNpy(out, frames, hidden);
      float diff =
          expected
              .reshape(frames, hidden)
              .sub(m.create(got).reshape(frames, hidden))
              .abs()
              .max()
              .getFloat();
      float moved = peftMoves(m, expected, frames, hidden);
      System.out.printf(
          "encode --adapter %s vs PyTorch: max abs difference %.3g (the adapter moves the"
              + " state by up to %.3g)%n",
          label, diff, moved);
      assertTrue(diff <= 1e-4, label + " differs by " + diff);
      assertTrue(moved > 1e-2, label + ": the fixture's adapter must change the output");
    }
  }

  /** How far the adapter moves the last hidden state from the base model's (fixture reference). */
  private static float peftMoves(NDManager m, NDArray adapted, long frames, long hidden)
      throws Exception {
    try (SafetensorsReader base =
        SafetensorsReader.open(FIXTURES.resolve("reference.safetensors"))) {
      NDArray plain = base.readArray("single.hidden_states.2", m);
      return adapted
          .reshape(frames, hidden)
          .sub(plain.reshape(frames, hidden))
          .abs()
          .max()
          .getFloat();
    }
  }
}
