package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hubert_group_postln checkpoint torch.save'd by PyTorch 1.13
 * (tools/make_torch_bin_fixture.py), single-file and in two shards: its tensors must be the
 * safetensors file's, bit for bit, and the encoder loaded from it must give the same hidden states,
 * bit for bit.
 */
@Tag("parity")
class TorchBinCheckpointTest {

  private static final String SAFETENSORS_DIR = "hubert_group_postln";

  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln_bin", "hubert_group_postln_sharded_bin"})
  void tensorsEqualTheSafetensorsFileBitForBit(String variant) throws Exception {
    Path dir = Fixtures.encoderDir().resolve(variant);
    List<Path> files = CheckpointFiles.weightFiles(dir);
    assertEquals(variant.contains("sharded") ? 2 : 1, files.size(), "weight files " + files);
    Map<String, ByteBuffer> fromBin = new LinkedHashMap<>();
    Map<String, TensorInfo> infos = new LinkedHashMap<>();
    for (Path f : files) {
      assertTrue(f.getFileName().toString().endsWith(".bin"), f.toString());
      try (TensorFile bin = CheckpointFiles.open(f)) {
        for (String name : bin.tensors().keySet()) {
          fromBin.put(name, bin.readRaw(name));
          infos.put(name, bin.info(name));
        }
      }
    }
    Path safetensors =
        Fixtures.encoderDir().resolve(SAFETENSORS_DIR).resolve(HfCheckpointLoader.SAFETENSORS);
    try (SafetensorsReader expected = SafetensorsReader.open(safetensors)) {
      assertEquals(expected.names(), fromBin.keySet());
      double maxDiff = 0;
      for (String name : expected.names()) {
        assertEquals(TensorDType.F32, infos.get(name).dtype(), name);
        assertEquals(expected.info(name).shape(), infos.get(name).shape(), name);
        assertEquals(expected.readRaw(name), fromBin.get(name), name + " bytes");
        float[] want = expected.readFloats(name);
        float[] got = TensorDType.F32.toFloats(fromBin.get(name));
        for (int i = 0; i < want.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
        }
      }
      System.out.printf(
          "%s: %d tensors, max |diff| vs model.safetensors = %s%n",
          variant, fromBin.size(), maxDiff);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln_bin", "hubert_group_postln_sharded_bin"})
  void encoderFromBinEqualsEncoderFromSafetensorsBitForBit(String variant) throws Exception {
    float[] wave = Fixtures.firstUtterance();
    try (NDManager m = NDManager.newBaseManager()) {
      List<float[]> expected =
          hiddenStates(Fixtures.encoderDir().resolve(SAFETENSORS_DIR), wave, m);
      List<float[]> got = hiddenStates(Fixtures.encoderDir().resolve(variant), wave, m);
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), got.get(i), variant + " hidden state " + i);
      }
      System.out.printf(
          "%s: %d hidden states equal the safetensors checkpoint's, max |diff| = 0%n",
          variant, got.size());
    }
  }

  private static List<float[]> hiddenStates(Path dir, float[] wave, NDManager m) {
    SpeechEncoder encoder = HfCheckpointLoader.load(dir, m);
    NDArray waves = m.create(wave, new Shape(1, wave.length));
    EncoderOutput out = encoder.encode(waves, null);
    List<float[]> states = new ArrayList<>();
    for (NDArray h : out.hiddenStates()) {
      states.add(h.toFloatArray());
    }
    return states;
  }

  @Test
  void safetensorsIsPreferredWhenBothArePresent(@TempDir Path tmp) throws Exception {
    Path src = Fixtures.encoderDir().resolve(SAFETENSORS_DIR);
    Files.copy(src.resolve(HfCheckpointLoader.SAFETENSORS), tmp.resolve("model.safetensors"));
    Files.write(tmp.resolve(CheckpointFiles.PYTORCH_BIN), new byte[] {1, 2, 3});
    assertEquals(
        List.of(tmp.resolve(HfCheckpointLoader.SAFETENSORS)), CheckpointFiles.weightFiles(tmp));
  }

  @Test
  void loweredLimitsRefuseBothFormatsInOneLineNamingTheFileAndTheLimit() throws Exception {
    Path bin =
        CheckpointFiles.weightFiles(Fixtures.encoderDir().resolve("hubert_group_postln_bin"))
            .get(0);
    Path safetensors =
        Fixtures.encoderDir().resolve(SAFETENSORS_DIR).resolve(HfCheckpointLoader.SAFETENSORS);
    InputLimits tight =
        InputLimits.builder().optMaxPickleObjects(100).optMaxHeaderBytes(100).build();
    for (Path f : List.of(bin, safetensors)) {
      try (TensorFile ok = CheckpointFiles.open(f, InputLimits.defaults())) {
        assertFalse(ok.tensors().isEmpty(), f.toString());
      }
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> CheckpointFiles.open(f, tight).close());
      String limit = f.equals(bin) ? "maxPickleObjects" : "maxHeaderBytes";
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(e.getMessage().endsWith("(limit " + limit + ")"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
