package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Java generator against PyTorch on the fixtures of {@code tools/hifigan_fixture.py}. */
@Tag("parity")
class HifiGanParityTest {

  @ParameterizedTest
  @CsvSource({"resblock1, ''", "resblock1, /folded", "resblock2, ''", "resblock2, /folded"})
  void vocodesAsThePyTorchGenerator(String fixture, String form) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      HifiGan vocoder = HifiGan.load(VocoderFixtures.dir(fixture + form), m);
      NDArray mel = VocoderFixtures.io(fixture, "mel", m);
      NDArray expected = VocoderFixtures.io(fixture, "wave", m);
      NDArray wave = vocoder.vocode(mel);
      assertEquals(expected.getShape(), wave.getShape());
      float diff = wave.sub(expected).abs().max().getFloat();
      System.out.printf("HiFi-GAN %s%s: max abs difference %.3g%n", fixture, form, diff);
      assertTrue(diff < 1e-4f, fixture + form + ": max abs difference " + diff);
    }
  }
}
