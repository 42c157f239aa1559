package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.model.AdapterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IA3 files in Hugging Face PEFT's layout (fixtures from src/test/python/make_peft_ia3_fixtures.py:
 * PEFT's IA3 forward in plain PyTorch on the hubert_group_postln model, output scaling on k_proj
 * and v_proj, input scaling on the feed-forward output_dense, every ia3_l random around one):
 * loaded into the encoder they give PyTorch's last hidden state, unmerged and merged, and a sure4j
 * IA3 saved for PEFT has PEFT's tensor names, shapes and config values.
 */
@Tag("parity")
class PeftIa3ParityTest {

  private static final float TOLERANCE = 1e-5f;

  /** IA3Config fields sure4j does not write, with the value PEFT gives them when absent. */
  private static final Set<String> LEFT_TO_PEFT = Set.of("auto_mapping", "peft_version");

  /** IA3Config fields compared as sets. */
  private static final Set<String> SETS = Set.of("target_modules", "feedforward_modules");

  @TempDir Path tmp;

  private static final PeftParity.Fixture FIXTURE = new PeftParity.Fixture("peft_ia3");

  private static Ia3Spec expectedSpec() {
    return new Ia3Spec(
        Targets.modules("k_proj", "output_dense", "v_proj"), List.of("output_dense"));
  }

  @Test
  void peftFileMatchesPyTorchUnmergedAndMerged() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PeftParity.Loaded peft = PeftParity.load(m, FIXTURE.hubertModel(), expectedSpec());
      PeftParity.Compared unmerged =
          peft.compare(
              "PEFT IA3 (HubertModel layout), last_hidden_state, unmerged",
              FIXTURE.reference(),
              TOLERANCE,
              1000 * TOLERANCE);
      NDArray expected = unmerged.expected();

      AdapterModel model = peft.model();
      model.merge(PeftParity.ADAPTER);
      NDArray merged = peft.output();
      PeftParity.compare("PEFT IA3, last_hidden_state, merged", expected, merged, TOLERANCE);
      PeftParity.compare("PEFT IA3, merged vs unmerged", unmerged.actual(), merged, TOLERANCE);
      model.unmerge(PeftParity.ADAPTER);
      PeftParity.compare(
          "PEFT IA3, last_hidden_state, unmerged again", expected, peft.output(), TOLERANCE);
    }
  }

  @Test
  void sure4jIa3SavesPeftNamesShapesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Path ours =
          PeftParity.saveFresh(m, "ia3", expectedSpec(), FIXTURE.hubertModel(), tmp.resolve("ia3"));

      JsonObject peft = PeftParity.json(FIXTURE.hubertModel());
      JsonObject written = PeftParity.json(ours);
      Set<String> fields = new TreeSet<>(written.keySet());
      fields.remove("sure4j");
      System.out.println("IA3 config: PEFT fields written " + fields);
      for (String f : fields) {
        assertTrue(peft.has(f), "sure4j writes a field IA3Config does not have: " + f);
        JsonElement e = peft.get(f);
        JsonElement a = written.get(f);
        assertTrue(
            PeftParity.sameValue(f, e, a, SETS, false),
            f + ": PEFT has " + e + ", sure4j wrote " + a);
      }
      Set<String> missing = new TreeSet<>(peft.keySet());
      missing.removeAll(fields);
      System.out.println("IA3 config: left to PEFT's defaults " + missing);
      assertEquals(LEFT_TO_PEFT, missing);
    }
  }

  @Test
  void aFileWhoseFeedforwardModulesDisagreeWithItsTensorsIsRefused() throws Exception {
    Path dir = tmp.resolve("no-feedforward");
    Files.createDirectories(dir);
    Files.copy(
        FIXTURE.hubertModel().resolve(AdapterFiles.TENSOR_FILE),
        dir.resolve(AdapterFiles.TENSOR_FILE));
    String config = Files.readString(FIXTURE.hubertModel().resolve(AdapterConfig.FILE_NAME));
    Files.writeString(
        dir.resolve(AdapterConfig.FILE_NAME),
        config.replace(
            "\"feedforward_modules\": [\n    \"output_dense\"\n  ]",
            "\"feedforward_modules\": []"));
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = PeftParity.loadModel(m);
      IllegalArgumentException e = PeftParity.refused(model, dir);
      assertFalse(e.getMessage().contains("\n"), "one line");
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("feed_forward.output_dense.ia3_l"), "names the tensor");
      assertTrue(model.adapters().isEmpty(), "nothing attached");
    }
  }
}
