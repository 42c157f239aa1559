package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sure4j.speech.encoder.EncoderConfig;
import org.junit.jupiter.api.Test;

/**
 * The analytic FLOP count of the HuBERT-base geometry on 2 s at 16 kHz against numbers worked out
 * by hand: frames 32000 -> 6399 -> 3199 -> 1599 -> 799 -> 399 -> 199 -> 99; the first convolution 2
 * * 1 * 10 * 512 * 6399 = 65,525,760, the next four 2 * 512 * 3 * 512 * T, the last two 2 * 512 * 2
 * * 512 * T, together 9,808,893,952; per layer 8 * 99 * 768^2 + 4 * 99 * 768 * 3072 = 1,401,421,824
 * and 4 * 99^2 * 768 = 30,108,672.
 */
class EncoderFlopsTest {

  @Test
  void hubertBaseOnTwoSecondsMatchesTheHandCount() {
    EncoderFlops f = EncoderFlops.of(EncoderConfig.base(), 4, 32_000);
    assertEquals(99, f.frames());
    assertEquals(4 * 9_808_893_952.0, f.featureExtractor());
    assertEquals(4 * 2.0 * 512 * 768 * 99, f.projection());
    assertEquals(4 * 2.0 * 99 * 768 * 48 * 128, f.positional());
    assertEquals(4 * 12 * 1_401_421_824.0, f.layerLinear());
    assertEquals(4 * 12 * 30_108_672.0, f.layerProducts());
  }

  @Test
  void fullFineTuningCountsThreePassesAndAdaptersSkipTheFrozenBottom() {
    EncoderFlops f = EncoderFlops.of(EncoderConfig.base(), 1, 32_000);
    assertEquals(3 * (f.forward() + 10), f.trainingStep(true, 0, 10));
    double adapter = f.forward() + 16_817_061_888.0 + 2 * 361_304_064.0 + 3 * (5 + 10);
    assertEquals(adapter, f.trainingStep(false, 5, 10));
  }
}
