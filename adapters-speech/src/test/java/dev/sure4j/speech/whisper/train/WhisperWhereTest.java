package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.whisper.WhisperModel;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code --where}: an adapter on the encoder, the decoder or both of the tiny random Whisper. */
class WhisperWhereTest extends ManagedTest {

  @Test
  void encoderAndDecoderKeepTheirOwnModules() {
    AdapterSpec lora = LoraSpec.builder().build();
    Set<String> enc = adapted(WhisperWhere.ENCODER.restrict(lora));
    Set<String> dec = adapted(WhisperWhere.DECODER.restrict(lora));
    Set<String> both = adapted(WhisperWhere.BOTH.restrict(lora));
    // 2 encoder layers x 4 self-attention projections; 2 decoder layers x 8 (self and cross)
    assertEquals(8, enc.size(), enc.toString());
    assertEquals(16, dec.size(), dec.toString());
    assertTrue(enc.stream().allMatch(p -> p.startsWith("model.encoder.layers.")), enc.toString());
    assertTrue(dec.stream().allMatch(p -> p.startsWith("model.decoder.layers.")), dec.toString());
    Set<String> union = new TreeSet<>(enc);
    union.addAll(dec);
    assertEquals(union, both);
    assertSame(lora, WhisperWhere.BOTH.restrict(lora));
    assertEquals(
        "model\\.encoder\\.(?:.*\\.)?(?:q_proj|k_proj|v_proj|out_proj|intermediate_dense"
            + "|output_dense)",
        WhisperWhere.ENCODER.restrict(lora).targets().regex());
  }

  @Test
  void layersSurviveTheRestriction() {
    AdapterSpec lora =
        LoraSpec.builder().optTargets(Targets.modules("q_proj").onLayers(1, 1)).build();
    assertEquals(
        Set.of(
            "model.decoder.layers.1.self_attn.q_proj",
            "model.decoder.layers.1.encoder_attn.q_proj"),
        adapted(WhisperWhere.DECODER.restrict(lora)));
  }

  @Test
  void badValuesAreRefusedInOneLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WhisperWhere.parse("sideways"));
    assertTrue(e.getMessage().contains("'sideways'"), e.getMessage());
    IllegalArgumentException full =
        assertThrows(
            IllegalArgumentException.class,
            () -> WhisperWhere.ENCODER.restrict(FullFineTuneSpec.all()));
    assertTrue(full.getMessage().contains("--where both"), full.getMessage());
    assertFalse(full.getMessage().contains("\n"));
    assertEquals(WhisperWhere.DECODER, WhisperWhere.parse(" Decoder"));
  }

  /** The host modules that received a block of the adapter. */
  private Set<String> adapted(AdapterSpec spec) {
    AdapterModel m = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    m.addAdapter("x", spec);
    Set<String> hosts = new TreeSet<>();
    for (String k : StateDict.of(m, "").keySet()) {
      int at = k.indexOf(".adapters.x.");
      if (at > 0) {
        hosts.add(k.substring("model.".length(), at));
      }
    }
    return hosts;
  }
}
