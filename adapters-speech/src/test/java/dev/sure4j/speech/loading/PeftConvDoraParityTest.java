package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.lora.DoraConvDelta;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DoRA on the convolutions of a HuBERT encoder in Hugging Face PEFT's layout (fixtures from
 * src/test/python/make_peft_conv_lora_fixtures.py: PEFT's {@code lora.Conv1d} with {@code
 * DoraConv1dLayer} in plain PyTorch on the hubert_group_postln model, r=4, lora_alpha=8, {@code
 * use_dora=True}, {@code target_modules=["conv"]}: the seven feature-extractor convolutions and the
 * grouped positional convolution, A, B and the magnitude random): loaded into the encoder it gives
 * PyTorch's last hidden state; a sure4j adapter with the same config saves PEFT's tensor names,
 * shapes ({@code lora_magnitude_vector [1, out, 1]}) and fields; merged equals unmerged on the
 * feature extractor; a file without the magnitudes is refused naming the file and a tensor.
 */
@Tag("parity")
class PeftConvDoraParityTest {

  private static final float TOLERANCE = 1e-5f;

  @TempDir Path tmp;

  private static Path modelDir() throws Exception {
    return Fixtures.encoderDir().resolve("hubert_group_postln");
  }

  private static Path peftDir() throws Exception {
    return modelDir().resolve("peft_conv_dora").resolve("hubert_model");
  }

  private static LoraSpec expectedSpec() {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optDropout(0)
        .optUseDora(true)
        .optTargets(Targets.modules("conv"))
        .build();
  }

  private static NDArray lastHiddenState(AdapterModel model, NDManager m) throws Exception {
    float[] a = Fixtures.firstUtterance();
    NDList out =
        model.forward(
            new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, a.length))), false);
    return EncoderOutput.of(out).lastHiddenState();
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    assertEquals(a.getShape(), b.getShape());
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void peftConvDoraFileMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, peftDir(), "peft");
      assertEquals(expectedSpec(), config.spec());
      Adapter a = model.adapter("peft");
      assertEquals(8, a.blocks().size(), "seven feature-extractor convolutions and pos_conv");
      a.blocks().values().forEach(b -> assertTrue(b instanceof DoraConvDelta, b.toString()));
      model.setActiveAdapters("peft");
      NDArray expected;
      try (SafetensorsReader r =
          SafetensorsReader.open(
              modelDir().resolve("peft_conv_dora").resolve("reference.safetensors"))) {
        expected = r.readArray("last_hidden_state", m);
      }
      float d = maxAbsDiff(expected, lastHiddenState(model, m));
      System.out.printf(
          "PEFT DoRA on convolutions, last_hidden_state: max abs difference %.3g (max |ref| %.3g)%n",
          d, expected.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, "max abs difference " + d + " > " + TOLERANCE);
      float shift = maxAbsDiff(expected, base);
      System.out.printf("the adapter moves the output by max %.3g%n", shift);
      assertTrue(shift > 1000 * TOLERANCE, "the reference must differ from the base model");
    }
  }

  @Test
  void sure4jConvDoraSavesPeftNamesShapesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      model.addAdapter("dora", expectedSpec());
      Path out = tmp.resolve("saved");
      AdapterFiles.save(
          model, "dora", out, Provenance.builder().setBaseModel("hubert_group_postln").build());
      PeftLoraParityTest.assertSameTensors(peftDir(), out);
      PeftLoraParityTest.assertPeftFields(peftDir(), out);
      AdapterModel again = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      assertEquals(expectedSpec(), AdapterFiles.load(again, out, "dora").spec());
    }
  }

  @Test
  void mergedEqualsUnmergedOnTheFeatureExtractor() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      AdapterFiles.load(model, peftDir(), "peft");
      Adapter peft = model.adapter("peft");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> peft.method().merge(peft));
      assertTrue(e.getMessage().contains("encoder.pos_conv_embed.conv"), e.getMessage());
      model.setActiveAdapters("peft");
      NDArray expected = lastHiddenState(model, m);
      model.deleteAdapter("peft");

      // the same adapter without the grouped convolution: copy its feature-extractor tensors
      LoraSpec fe =
          LoraSpec.builder()
              .optRank(4)
              .optAlpha(8)
              .optUseDora(true)
              .optTargets(Targets.modules("feature_extractor.conv_layers.*.conv"))
              .build();
      model.addAdapter("fe", fe);
      Adapter a = model.adapter("fe");
      try (SafetensorsReader r =
          SafetensorsReader.open(peftDir().resolve(AdapterFiles.TENSOR_FILE))) {
        for (var t : a.tensors().entrySet()) {
          float[] v = r.readArray(t.getKey(), m).toFloatArray();
          t.getValue().getArray().set(FloatBuffer.wrap(v));
        }
      }
      model.setActiveAdapters("fe");
      NDArray unmerged = lastHiddenState(model, m);
      assertTrue(maxAbsDiff(expected, unmerged) > 1e-3, "pos_conv's update matters");
      model.merge("fe");
      float d = maxAbsDiff(unmerged, lastHiddenState(model, m));
      System.out.printf(
          "DoRA on the feature-extractor convolutions, merged vs unmerged: max abs difference"
              + " %.3g (max |out| %.3g)%n",
          d, unmerged.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, "merged vs unmerged " + d);
      model.unmerge("fe");
      assertTrue(maxAbsDiff(unmerged, lastHiddenState(model, m)) <= TOLERANCE);
    }
  }

  @Test
  void aFileWithoutTheMagnitudesIsRefusedNamingFileAndTensor() throws Exception {
    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir);
    Files.copy(peftDir().resolve(AdapterConfig.FILE_NAME), dir.resolve(AdapterConfig.FILE_NAME));
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader r = SafetensorsReader.open(peftDir().resolve(AdapterFiles.TENSOR_FILE))) {
      SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", "pt");
      for (String name : r.names()) {
        if (!name.endsWith("lora_magnitude_vector")) {
          w.add(name, r.readArray(name, m));
        }
      }
      w.write(dir.resolve(AdapterFiles.TENSOR_FILE));
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model, dir, "x"));
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
      assertTrue(e.getMessage().contains("lora_magnitude_vector"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }
}
