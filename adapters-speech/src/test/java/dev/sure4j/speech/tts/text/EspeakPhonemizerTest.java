package dev.sure4j.speech.tts.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EspeakPhonemizer} against espeak-ng's en-us IPA; skipped when espeak-ng is missing. */
class EspeakPhonemizerTest {

  private EspeakPhonemizer phonemizer;

  @BeforeEach
  void findEspeak() {
    Optional<EspeakPhonemizer> found = EspeakPhonemizer.find("en-us");
    Assumptions.assumeTrue(
        found.isPresent(), "espeak-ng is not on the PATH: the phoneme front end is not tested");
    phonemizer = found.get();
  }

  @Test
  void speaksIpaWithStressAndLengthMarks() {
    assertEquals("ˈoʊpən ðə dˈoːɹ", phonemizer.symbols("Open the door"));
  }

  @Test
  void clausesJoinWithSpacesAndPunctuationIsDropped() {
    assertEquals("ˈoʊpən ðə dˈoːɹ plˈiːz nˈaʊ", phonemizer.symbols("Open the door, please. Now!"));
  }

  @Test
  void aLeadingDashIsTextNotAnOption() {
    assertEquals("ˈoʊpən ðə dˈoːɹ", phonemizer.symbols("-open the door"));
  }

  @Test
  void encodesPhonemesThroughTheVocabulary() {
    TextEncoder encoder = TextEncoder.fromTexts(phonemizer, List.of("Open the door"));
    assertEquals("phonemes", encoder.frontEnd().name());
    // ˈ o ʊ p ə n | ð ə | d ˈ o ː ɹ: 13 symbols and 2 spaces, spelled as the delimiter (id 2)
    int[] ids = encoder.encode("open the door");
    assertEquals(15, ids.length);
    assertEquals(2, ids[6]);
    assertEquals(2, ids[9]);
    assertArrayEquals(encoder.encode("Open  the door"), ids);
  }

  @Test
  void rejectsAVoiceThatCouldBeAnOption() {
    assertThrows(IllegalArgumentException.class, () -> EspeakPhonemizer.find("en us; rm"));
  }
}
