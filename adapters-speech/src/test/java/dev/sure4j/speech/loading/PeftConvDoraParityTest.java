package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.lora.DoraConvDelta;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.FloatBuffer;
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
class PeftConvDoraParityTest extends ManagedTest {

  @TempDir Path tmp;

  private static final PeftParity.Fixture FIXTURE = new PeftParity.Fixture("peft_conv_dora");

  private static LoraSpec expectedSpec() {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optDropout(0)
        .optUseDora(true)
        .optTargets(Targets.modules("conv"))
        .build();
  }

  @Test
  void peftConvDoraFileMatchesPyTorch() throws Exception {
    Adapter a = PeftConvParity.matchesPyTorch(manager, FIXTURE, expectedSpec(), "DoRA");
    a.blocks().values().forEach(b -> assertTrue(b instanceof DoraConvDelta, b.toString()));
  }

  @Test
  void sure4jConvDoraSavesPeftNamesShapesAndFields() throws Exception {
    Path out =
        PeftConvParity.savesPeftLayout(
            manager, "dora", expectedSpec(), FIXTURE, tmp.resolve("saved"));
    AdapterModel again = PeftParity.loadModel(manager);
    assertEquals(expectedSpec(), AdapterFiles.load(again, out, "dora").spec());
  }

  @Test
  void mergedEqualsUnmergedOnTheFeatureExtractor() throws Exception {
    AdapterModel model = PeftConvParity.groupedConvolutionRefusesToMerge(manager, FIXTURE);
    model.setActiveAdapters(PeftParity.ADAPTER);
    NDArray expected = PeftParity.lastHiddenState(model, manager);
    model.deleteAdapter(PeftParity.ADAPTER);

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
        SafetensorsReader.open(FIXTURE.hubertModel().resolve(AdapterFiles.TENSOR_FILE))) {
      for (var t : a.tensors().entrySet()) {
        float[] v = r.readArray(t.getKey(), manager).toFloatArray();
        t.getValue().getArray().set(FloatBuffer.wrap(v));
      }
    }
    NDArray unmerged =
        PeftConvParity.mergeRoundTrips(
            manager,
            model,
            "DoRA on the feature-extractor convolutions",
            () -> model.merge("fe"),
            () -> model.unmerge("fe"));
    assertTrue(PeftParity.maxAbsDiff(expected, unmerged) > 1e-3, "pos_conv's update matters");
  }

  @Test
  void aFileWithoutTheMagnitudesIsRefusedNamingFileAndTensor() throws Exception {
    IllegalArgumentException e =
        PeftConvParity.refusesEdited(
            manager,
            FIXTURE,
            tmp.resolve("bad"),
            (name, a) -> name.endsWith("lora_magnitude_vector") ? null : a);
    assertTrue(e.getMessage().contains("lora_magnitude_vector"), e.getMessage());
  }
}
