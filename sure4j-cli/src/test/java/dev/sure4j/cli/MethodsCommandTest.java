package dev.sure4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.tasks.Commands;
import java.util.Locale;
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
    assertEquals(2L * 1024 + 4096, counts.get("IA3"), "k_proj, v_proj outputs, output_dense input");
    assertEquals(counts.get("base layer"), counts.get("full fine-tuning"));
  }

  @Test
  void aMethodOnlyTheClassPathKnowsIsListed() {
    // SCALE lives in adapters-core's tests and registers through META-INF/services
    assertEquals(1024L, MethodsCommand.perLayer(1024, 16, 4096).get("scale"), "D gains");
    String out = Commands.run("methods");
    assertTrue(out.lines().anyMatch(l -> l.startsWith("scale ")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("LoRA ") && l.contains("merge,mix")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("IA3 ") && l.contains("merge,mix")), out);
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("ConvAdapter ") && l.contains("padding")), out);
    // LoRA r=8 on 4 projections (768 + 768) and both feed-forward linears (768 + 3072), 12 layers
    long hubertBase = 12L * 8 * (4 * (768 + 768) + 2 * (768 + 3072));
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.startsWith("LoRA ")
                        && l.contains(String.format(Locale.ROOT, "%,d", hubertBase))),
        out);
  }
}
