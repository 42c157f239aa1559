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
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA on the convolutions of a HuBERT encoder in Hugging Face PEFT's layout (fixtures from
 * src/test/python/make_peft_conv_lora_fixtures.py: PEFT's {@code lora.Conv1d} forward in plain
 * PyTorch on the hubert_group_postln model, r=4, lora_alpha=8, {@code target_modules=["conv"]}, so
 * the seven feature-extractor convolutions and the grouped positional convolution, A and B random):
 * loaded into the encoder it gives PyTorch's last hidden state; a sure4j adapter with the same
 * config saves PEFT's tensor names, shapes and fields; merged equals unmerged on the ungrouped
 * convolutions, and the grouped one refuses to merge.
 */
@Tag("parity")
class PeftConvLoraParityTest {

  private static final float TOLERANCE = 1e-5f;

  @TempDir Path tmp;

  private static Path modelDir() throws Exception {
    return Fixtures.encoderDir().resolve("hubert_group_postln");
  }

  private static Path peftDir() throws Exception {
    return modelDir().resolve("peft_conv_lora").resolve("hubert_model");
  }

  private static LoraSpec expectedSpec() {
    return new LoraSpec(4, 8, 0.0, Targets.modules("conv"));
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
  void peftConvLoraFileMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, peftDir(), "peft");
      assertEquals(expectedSpec(), config.spec());
      Adapter a = model.adapter("peft");
      assertEquals(8, a.blocks().size(), "seven feature-extractor convolutions and pos_conv");
      a.blocks().keySet().forEach(p -> assertEquals(Site.CONV1D, p.site(), p.path()));
      model.setActiveAdapters("peft");
      NDArray expected;
      try (SafetensorsReader r =
          SafetensorsReader.open(
              modelDir().resolve("peft_conv_lora").resolve("reference.safetensors"))) {
        expected = r.readArray("last_hidden_state", m);
      }
      float d = maxAbsDiff(expected, lastHiddenState(model, m));
      System.out.printf(
          "PEFT LoRA on convolutions, last_hidden_state: max abs difference %.3g (max |ref| %.3g)%n",
          d, expected.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, "max abs difference " + d + " > " + TOLERANCE);
      float shift = maxAbsDiff(expected, base);
      System.out.printf("the adapter moves the output by max %.3g%n", shift);
      assertTrue(shift > 1000 * TOLERANCE, "the reference must differ from the base model");
    }
  }

  @Test
  void sure4jConvLoraSavesPeftNamesShapesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      model.addAdapter("lora", expectedSpec());
      Path out = tmp.resolve("saved");
      AdapterFiles.save(
          model, "lora", out, Provenance.builder().setBaseModel("hubert_group_postln").build());
      PeftLoraParityTest.assertSameTensors(peftDir(), out);
      PeftLoraParityTest.assertPeftFields(peftDir(), out);
    }
  }

  @Test
  void mergedEqualsUnmergedOnTheFeatureExtractorAndTheGroupedConvolutionRefuses() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      AdapterFiles.load(model, peftDir(), "peft");
      Adapter peft = model.adapter("peft");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> peft.method().merge(peft));
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains("encoder.pos_conv_embed.conv"), e.getMessage());
      model.deleteAdapter("peft");

      model.addAdapter(
          "fe", new LoraSpec(4, 8, 0.0, Targets.modules("feature_extractor.conv_layers.*.conv")));
      Adapter fe = model.adapter("fe");
      assertEquals(7, fe.blocks().size());
      TinyModels.randomise(fe, 17);
      model.setActiveAdapters("fe");
      NDArray unmerged = lastHiddenState(model, m);
      fe.method().merge(fe);
      float d = maxAbsDiff(unmerged, lastHiddenState(model, m));
      System.out.printf(
          "LoRA on the feature-extractor convolutions, merged vs unmerged: max abs difference"
              + " %.3g (max |out| %.3g)%n",
          d, unmerged.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, "merged vs unmerged " + d);
      fe.method().unmerge(fe);
      assertTrue(maxAbsDiff(unmerged, lastHiddenState(model, m)) <= TOLERANCE);
    }
  }

  @Test
  void defaultLoraTargetsTakeNoConvolution() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      model.addAdapter("d", LoraSpec.builder().build());
      model
          .adapter("d")
          .blocks()
          .keySet()
          .forEach(p -> assertEquals(Site.LINEAR, p.site(), p.path()));
    }
  }

  @Test
  void unknownTargetsListTheConvolutionsAndCountOnlyTransformerLayers() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  model.addAdapter(
                      "x", LoraSpec.builder().optTargets(Targets.modules("no_such")).build()));
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains("[LINEAR, CONV1D] points"), e.getMessage());
      assertTrue(e.getMessage().contains("[conv, k_proj"), e.getMessage());
      assertTrue(e.getMessage().contains("on 2 layers"), e.getMessage());
    }
  }

  @Test
  void aLoraBShapedWithoutGroupsIsRefusedNamingFileAndTensor() throws Exception {
    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir);
    Files.copy(peftDir().resolve(AdapterConfig.FILE_NAME), dir.resolve(AdapterConfig.FILE_NAME));
    String bad = "base_model.model.encoder.pos_conv_embed.conv.lora_B.weight";
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader r = SafetensorsReader.open(peftDir().resolve(AdapterFiles.TENSOR_FILE))) {
      SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", "pt");
      for (String name : r.names()) {
        w.add(name, name.equals(bad) ? m.zeros(new Shape(32, 4, 1)) : r.readArray(name, m));
      }
      w.write(dir.resolve(AdapterFiles.TENSOR_FILE));
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model, dir, "x"));
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
      assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("(32, 1, 1)"));
      assertEquals(1, e.getMessage().lines().count());
    }
  }
}
