package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.train.ParameterGroup;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LoRA+ on TTS adaptation: with {@code loraPlus(4)} every {@code lora_B} update is 4 times the one
 * of a plain run, every {@code lora_A} update the same.
 *
 * <p>Two runs of 2 updates from the same weights, one plain and one LoRA+: the warm-up makes the
 * first update's learning rate 0, so both runs reach the second update with equal weights and equal
 * AdamW moments (which do not depend on the rate), hence equal gradients; the second update is then
 * {@code lr x factor x} the same step. {@code lora_B} starts from small non-zero values so that
 * {@code lora_A} has a gradient.
 */
class TtsLoraPlusTest extends EspeakTtsTest {

  private static final float RATIO = 4f;

  @Test
  void loraBTrainsAtRatioTimesTheRate() {
    Map<String, float[]> start = new LinkedHashMap<>();
    Map<String, float[]> plain = deltas(List.of(), start);
    Map<String, float[]> plus = deltas(List.of(ParameterGroup.loraPlus(RATIO)), start);
    int a = 0;
    int b = 0;
    for (String k : plain.keySet()) {
      float[] p = plain.get(k);
      float[] q = plus.get(k);
      float want = k.contains("lora_B") ? RATIO : 1f;
      double num = 0;
      double den = 0;
      for (int i = 0; i < p.length; i++) {
        num += (double) q[i] * p[i];
        den += (double) p[i] * p[i];
        assertEquals(want * p[i], q[i], 1e-3 * Math.abs(want * p[i]) + 1e-9, k + "[" + i + "]");
      }
      assertTrue(den > 0, k + " moved in the plain run");
      System.out.printf("%s: LoRA+ update / plain update = %.6f%n", k, num / den);
      a += k.contains("lora_A") ? 1 : 0;
      b += k.contains("lora_B") ? 1 : 0;
    }
    // LoRA r = 8 on q and v of 2 + 2 blocks: 8 A and 8 B matrices
    assertEquals(8, a);
    assertEquals(8, b);
  }

  @Test
  void aGroupThatMatchesNothingIsRefusedInOneLine() {
    TtsTrainingBlock block = block();
    TtsTrainingOptions options = new TtsTrainingOptions(2, 3, 1e-2f, 1.0, 0f, 3, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TtsTrainer(options, System.out)
                    .withParameterGroups(List.of(ParameterGroup.loraPlus(RATIO)))
                    .train(
                        block,
                        tts.data(),
                        tts.stats(),
                        TtsMethod.SPEAKER.freezing(block, Optional.empty(), false)));
    assertEquals("parameter group lora_B matches no trainable parameter of tts", e.getMessage());
  }

  /** Trains 2 updates from the same start and returns every LoRA tensor's change. */
  private Map<String, float[]> deltas(List<ParameterGroup> groups, Map<String, float[]> start) {
    TtsTrainingBlock block = block();
    AdapterModel adapters = AdapterModel.wrap(block.model());
    adapters
        .addAdapter("voice", TtsMethod.parse("lora").spec().orElseThrow())
        .setActiveAdapters("voice");
    Map<String, Parameter> lora = new LinkedHashMap<>();
    StateDict.of(block, "")
        .forEach(
            (k, p) -> {
              if (k.contains("lora_")) {
                lora.put(k, p);
              }
            });
    if (start.isEmpty()) {
      Random r = new Random(5);
      lora.forEach(
          (k, p) -> {
            float[] v = p.getArray().toFloatArray();
            if (k.contains("lora_B")) {
              for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.05 * r.nextGaussian());
              }
            }
            start.put(k, v);
          });
    }
    lora.forEach((k, p) -> p.getArray().set(FloatBuffer.wrap(start.get(k))));
    TtsTrainingOptions options = new TtsTrainingOptions(2, 3, 1e-2f, 1.0, 0f, 3, 1);
    new TtsTrainer(options, System.out)
        .withParameterGroups(groups)
        .train(
            block,
            tts.data(),
            tts.stats(),
            TtsMethod.parse("lora").freezing(block, Optional.of(adapters), false));
    Map<String, float[]> out = new LinkedHashMap<>();
    lora.forEach(
        (k, p) -> {
          float[] after = p.getArray().toFloatArray();
          float[] before = start.get(k);
          for (int i = 0; i < after.length; i++) {
            after[i] -= before[i];
          }
          out.put(k, after);
        });
    return out;
  }

  private TtsTrainingBlock block() {
    Engine.getInstance().setRandomSeed(11);
    return TtsTrainingBlock.create(manager, tts.config(), 32);
  }
}
