package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
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
class PeftConvLoraParityTest extends ManagedTest {

  @TempDir Path tmp;

  private static final PeftParity.Fixture FIXTURE = new PeftParity.Fixture("peft_conv_lora");

  private static LoraSpec expectedSpec() {
    return new LoraSpec(4, 8, 0.0, Targets.modules("conv"));
  }

  @Test
  void peftConvLoraFileMatchesPyTorch() throws Exception {
    Adapter a = PeftConvParity.matchesPyTorch(manager, FIXTURE, expectedSpec(), "LoRA");
    a.blocks().keySet().forEach(p -> assertEquals(Site.CONV1D, p.site(), p.path()));
  }

  @Test
  void sure4jConvLoraSavesPeftNamesShapesAndFields() throws Exception {
    PeftConvParity.savesPeftLayout(manager, "lora", expectedSpec(), FIXTURE, tmp.resolve("saved"));
  }

  @Test
  void mergedEqualsUnmergedOnTheFeatureExtractorAndTheGroupedConvolutionRefuses() throws Exception {
    AdapterModel model = PeftConvParity.groupedConvolutionRefusesToMerge(manager, FIXTURE);
    model.deleteAdapter(PeftParity.ADAPTER);

    model.addAdapter(
        "fe", new LoraSpec(4, 8, 0.0, Targets.modules("feature_extractor.conv_layers.*.conv")));
    Adapter fe = model.adapter("fe");
    assertEquals(7, fe.blocks().size());
    TinyModels.randomise(fe, 17);
    PeftConvParity.mergeRoundTrips(
        manager,
        model,
        "LoRA on the feature-extractor convolutions",
        () -> fe.method().merge(fe),
        () -> fe.method().unmerge(fe));
  }

  @Test
  void defaultLoraTargetsTakeNoConvolution() throws Exception {
    AdapterModel model = PeftParity.loadModel(manager);
    model.addAdapter("d", LoraSpec.builder().build());
    model
        .adapter("d")
        .blocks()
        .keySet()
        .forEach(p -> assertEquals(Site.LINEAR, p.site(), p.path()));
  }

  @Test
  void unknownTargetsListTheConvolutionsAndCountOnlyTransformerLayers() throws Exception {
    AdapterModel model = PeftParity.loadModel(manager);
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

  @Test
  void aLoraBShapedWithoutGroupsIsRefusedNamingFileAndTensor() throws Exception {
    String bad = "base_model.model.encoder.pos_conv_embed.conv.lora_B.weight";
    IllegalArgumentException e =
        PeftConvParity.refusesEdited(
            manager,
            FIXTURE,
            tmp.resolve("bad"),
            (name, a) -> name.equals(bad) ? manager.zeros(new Shape(32, 4, 1)) : a);
    assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("(32, 1, 1)"));
  }
}
