package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Language detection against tools/whisper_fixture.py: the first row of PyTorch's teacher-forced
 * logits is the step after {@code <|startoftranscript|>}, so the expected language and its
 * probabilities are the softmax over that row's language tokens.
 */
@Tag("parity")
class WhisperLanguageTest extends ManagedTest {

  private WhisperModel model;
  private WhisperGenerationConfig rules;
  private WhisperPrompt prompt;

  @BeforeEach
  void load() throws Exception {
    model = WhisperModel.load(WhisperFixtures.model(), manager);
    Path config = WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG);
    rules = WhisperGenerationConfig.fromFile(config);
    prompt = WhisperPrompt.fromFile(config);
  }

  private Map<String, Double> expected() throws Exception {
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      float[] logits = ref.readFloats("decoder.logits");
      int vocab = model.config().vocabSize();
      double sum = 0;
      for (int id : prompt.languageIds().values()) {
        sum += Math.exp(logits[id]);
      }
      Map<String, Double> p = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : prompt.languageIds().entrySet()) {
        assertTrue(e.getValue() < vocab);
        p.put(WhisperPrompt.code(e.getKey()), Math.exp(logits[e.getValue()]) / sum);
      }
      return p;
    }
  }

  @Test
  void detectsTheLanguagePyTorchScoresHighest() throws Exception {
    Map<String, Double> expected = expected();
    String best =
        expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    NDArray states = WhisperFixtures.encoderStates(model, manager);
    WhisperLanguage fromStates = WhisperLanguage.detect(model, rules, prompt, states);
    WhisperLanguage fromAudio =
        WhisperLanguage.detect(model, rules, prompt, manager, WhisperFixtures.audio());
    double worst = 0;
    for (String code : expected.keySet()) {
      worst = Math.max(worst, Math.abs(expected.get(code) - fromStates.probabilities().get(code)));
      worst = Math.max(worst, Math.abs(expected.get(code) - fromAudio.probabilities().get(code)));
    }
    System.out.printf(
        "language %s (PyTorch %s), probabilities %s vs PyTorch %s: max abs difference %.3g%n",
        fromStates.code(), best, fromStates.probabilities(), expected, worst);
    assertEquals(best, fromStates.code());
    assertEquals(best, fromAudio.code());
    assertTrue(worst < 1e-4, "max abs difference " + worst);
  }

  @Test
  void anEnglishOnlyModelHasNothingToDetect() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WhisperLanguage.detect(
                    model,
                    rules,
                    new WhisperPrompt(Map.of(), prompt.noTimestampsTokenId()),
                    WhisperFixtures.encoderStates(model, manager)));
    assertTrue(e.getMessage().contains("English-only"), e.getMessage());
  }
}
