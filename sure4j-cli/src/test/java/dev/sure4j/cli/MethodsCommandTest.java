package dev.sure4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./sure4j methods} reports the SURE per-layer costs at D = 1024, FFN 4096. */
class MethodsCommandTest {

  @Test
  void perLayerCountsMatchTheSureReference() {
    Map<String, Long> counts = MethodsCommand.perLayer(1024, 16, 4096);
    assertEquals(141_824L, counts.get("ConvAdapter"));
    assertEquals(147_456L, counts.get("LoRA"));
    assertEquals(30L * 2 * 1024, counts.get("prefix tuning"));
    assertEquals(1_050_112L, counts.get("bottleneck"));
    assertEquals(counts.get("base layer"), counts.get("full fine-tuning"));
  }
}
