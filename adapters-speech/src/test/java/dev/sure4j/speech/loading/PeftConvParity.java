package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * What the PEFT LoRA and DoRA parity tests on convolutions share: the fixture's adapter on the
 * eight convolutions of the hubert_group_postln model against PyTorch, a fresh sure4j adapter saved
 * with PEFT's names, shapes and fields, and the grouped positional convolution refusing to merge.
 */
final class PeftConvParity {

  /**
   * Max abs difference allowed between sure4j's last hidden state and PyTorch's, values up to about
   * 4.2: the float32 rounding of two correct computations through seven convolutions, a group norm
   * and two transformer layers. Each lies 2.6e-6 to 4.8e-6 from the same model in float64
   * (src/test/python/float32_noise.py, with PyTorch's convolution and with the convolution computed
   * as sure4j does), so they may lie about 1e-5 apart; a wrong kernel tap is of order 1.
   */
  static final float TOLERANCE = 3e-5f;

  private PeftConvParity() {}

  /**
   * Loads a fixture's PEFT adapter, checks that it sits on the seven feature-extractor convolutions
   * and {@code pos_conv}, and compares the last hidden state with PyTorch's.
   *
   * @param kind the method, {@code LoRA} or {@code DoRA}, in the printed line
   * @return the loaded adapter, for the caller's checks of its blocks
   */
  static Adapter matchesPyTorch(NDManager m, PeftParity.Fixture fixture, LoraSpec spec, String kind)
      throws Exception {
    String label = "PEFT " + kind + " on convolutions, last_hidden_state";
    PeftParity.Loaded peft = PeftParity.load(m, fixture.hubertModel(), spec);
    Adapter a = peft.model().adapter(PeftParity.ADAPTER);
    assertEquals(8, a.blocks().size(), "seven feature-extractor convolutions and pos_conv");
    peft.compare(label, fixture.reference(), TOLERANCE, 1000 * TOLERANCE);
    return a;
  }

  /**
   * Saves a fresh sure4j adapter with the fixture's config and checks PEFT's tensor names, shapes
   * and {@code adapter_config.json} fields.
   *
   * @return the saved directory
   */
  static Path savesPeftLayout(
      NDManager m, String adapter, LoraSpec spec, PeftParity.Fixture fixture, Path out)
      throws Exception {
    Path saved = PeftParity.saveFresh(m, adapter, spec, fixture.hubertModel(), out);
    PeftLoraParityTest.assertPeftFields(fixture.hubertModel(), saved);
    return saved;
  }

  /**
   * Loads a fixture's PEFT adapter as {@link PeftParity#ADAPTER} and checks that merging it is
   * refused, naming the grouped positional convolution.
   *
   * @return the model with the adapter loaded
   */
  static AdapterModel groupedConvolutionRefusesToMerge(NDManager m, PeftParity.Fixture fixture)
      throws Exception {
    AdapterModel model = PeftParity.loadModel(m);
    AdapterFiles.load(model, fixture.hubertModel(), PeftParity.ADAPTER);
    Adapter peft = model.adapter(PeftParity.ADAPTER);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> peft.method().merge(peft));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().contains("encoder.pos_conv_embed.conv"), e.getMessage());
    return model;
  }

  /**
   * Copies a fixture's adapter with some tensors replaced or dropped and checks that loading the
   * copy is refused in one line naming the tensor file.
   *
   * @param dir the directory the copy is written to
   * @param edit maps a tensor's name and value to its new value, or to null to drop it
   * @return the refusal, for the caller's check of the tensor it names
   */
  static IllegalArgumentException refusesEdited(
      NDManager m, PeftParity.Fixture fixture, Path dir, BiFunction<String, NDArray, NDArray> edit)
      throws Exception {
    Path edited = PeftParity.withTensors(m, fixture.hubertModel(), dir, edit);
    IllegalArgumentException e = PeftParity.refused(PeftParity.loadModel(m), edited);
    assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    return e;
  }

  /**
   * Activates the adapter {@code fe} and checks that merging it leaves the last hidden state within
   * {@link #TOLERANCE} and that unmerging restores it.
   *
   * @param label what is merged, in the printed line
   * @param merge merges {@code fe} into the base weights
   * @param unmerge takes it out again
   * @return the last hidden state before merging
   */
  static NDArray mergeRoundTrips(
      NDManager m, AdapterModel model, String label, Runnable merge, Runnable unmerge)
      throws Exception {
    model.setActiveAdapters("fe");
    NDArray unmerged = PeftParity.lastHiddenState(model, m);
    merge.run();
    PeftParity.compare(
        label + ", merged vs unmerged", unmerged, PeftParity.lastHiddenState(model, m), TOLERANCE);
    unmerge.run();
    assertTrue(PeftParity.maxAbsDiff(unmerged, PeftParity.lastHiddenState(model, m)) <= TOLERANCE);
    return unmerged;
  }
}
