package dev.sure4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.results.MethodResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./sure4j demo} with very few steps through the command line and checks the table it
 * writes, so that the README's main command cannot silently break.
 */
class DemoTest {

  private static final long D = 64;
  private static final long F = 128;
  private static final long LAYERS = 2;
  private static final long HEAD = D * 3 + 3; // Linear(D -> 3 classes)
  private static final int TEST_SEQUENCES = 1024; // the default held-out split

  /** Closed forms at the demo geometry, worked out by hand from the SURE definitions. */
  private static Map<String, Long> expectedTrainable() {
    long baseLayer = 4 * (D * D + D) + (D * F + F + F * D + D) + 2 * 2 * D;
    long lora = 4 * 8 * (D + D) + 8 * (D + F) + 8 * (F + D); // r=8 on q,k,v,out + both FFN
    long bottleneck = D * (D / 2) + D / 2 + (D / 2) * D + D; // D -> D/2 -> D with biases
    long w = D / 2;
    long conv = 2 * D + w * (D / w) * 3 + w * 5 + D * 3 + 2 * D * (D / 16);
    long prefix = 2 * 30 * D;
    long vera = 2 * (64 + D); // r=64: lambda_d [r] and lambda_b [D] on q_proj and v_proj
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("linear probe", HEAD);
    m.put("full fine-tuning", LAYERS * baseLayer + HEAD);
    m.put("bottleneck", LAYERS * bottleneck + HEAD);
    m.put("prefix tuning", LAYERS * prefix + HEAD);
    m.put("LoRA", LAYERS * lora + HEAD);
    m.put("DoRA", LAYERS * (lora + 4 * D + F + D) + HEAD); // LoRA + a magnitude per output row
    m.put("ConvAdapter", LAYERS * conv + HEAD);
    m.put("IA3", LAYERS * (D + D + F) + HEAD); // k_proj, v_proj outputs, output_dense's input
    m.put("VeRA", LAYERS * vera + HEAD);
    // the test-only SCALE method of adapters-core's tests (D gains after each FFN), registered
    // through META-INF/services: the demo runs it though no main file names it
    m.put("scale", LAYERS * D + HEAD);
    return m;
  }

  @Test
  void demoWritesEveryMethodWithSaneValues(@TempDir Path out) throws Exception {
    long t0 = System.nanoTime();
    int exit =
        Sure4j.commandLine()
            .execute(
                "demo",
                "--pretrain-steps",
                "5",
                "--steps",
                "5",
                "--seed",
                "3",
                "--out",
                out.toString());
    assertEquals(0, exit);
    double wallSeconds = (System.nanoTime() - t0) / 1e9;

    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(MethodResult.CSV_HEADER, lines.get(0));
    Map<String, Long> expected = expectedTrainable();
    assertEquals(expected.size() + 1, lines.size(), "one row per method: " + lines);

    long full = expected.get("full fine-tuning");
    long baseParams = full - HEAD;
    Map<String, Long> trainable = new LinkedHashMap<>();
    double trainSeconds = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(10, f.length, line);
      assertEquals(Demo.TASK, f[0]);
      assertEquals("accuracy", f[2]);
      double accuracy = Double.parseDouble(f[3]);
      long params = Long.parseLong(f[4]);
      double pct = Double.parseDouble(f[5]);
      double seconds = Double.parseDouble(f[6]);
      // a share of the 1024 held-out sequences, written with 4 decimals
      double correct = accuracy * TEST_SEQUENCES;
      assertEquals(Math.rint(correct), correct, 0.5e-4 * TEST_SEQUENCES + 1e-9, line);
      assertTrue(seconds > 0, line);
      trainSeconds += seconds;
      long added = f[1].equals("full fine-tuning") ? HEAD : params;
      long all = f[1].equals("linear probe") ? baseParams + HEAD : baseParams + added;
      assertEquals(100.0 * params / all, pct, 1e-3, line);
      trainable.put(f[1], params);
    }
    assertEquals(expected, trainable, "methods, order and trainable counts");
    assertTrue(
        trainSeconds <= wallSeconds + 0.05 * expected.size(),
        "the methods' train seconds (" + trainSeconds + ") fit in the run (" + wallSeconds + " s)");

    long probe = trainable.get("linear probe");
    for (String adapter :
        Arrays.asList("bottleneck", "prefix tuning", "LoRA", "ConvAdapter", "IA3")) {
      assertTrue(probe < trainable.get(adapter), adapter + " trains more than the probe");
      assertTrue(trainable.get(adapter) < full / 2, adapter + " trains far less than full");
    }
  }
}
