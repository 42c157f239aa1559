package dev.sure4j.speech.phonemes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CMUdict lines parsed by hand: comments, variants, stress digits, case, errors. */
class CmuDictTest {

  private static final List<String> LINES =
      List.of(
          ";;; # CMUdict  --  Major Version: 0.07",
          ";;; a comment line",
          "",
          "HELLO  HH AH0 L OW1",
          "HELLO(2)  HH EH0 L OW1",
          "READ  R EH1 D",
          "read(2) R IY1 D",
          "READ  R IY1 D",
          "world  W ER1 L D # a trailing comment",
          "#HASH-MARK  HH AE1 M AA2 R K",
          "ZHIVAGO  ZH IH0 V AA1 G OW2");

  @Test
  void theFirstPronunciationWinsAndStressIsStripped() {
    CmuDict d = CmuDict.parse(LINES, "mini.dict", false);
    assertEquals(5, d.size(), "HELLO, READ, WORLD, #HASH-MARK, ZHIVAGO");
    assertEquals(Optional.of(List.of("HH", "AH", "L", "OW")), d.pronunciation("hello"));
    assertEquals(Optional.of(List.of("R", "EH", "D")), d.pronunciation("Read"));
    assertEquals(Optional.of(List.of("W", "ER", "L", "D")), d.pronunciation("WORLD"));
    assertEquals(
        Optional.of(List.of("HH", "AE", "M", "AA", "R", "K")), d.pronunciation("#hash-mark"));
    assertEquals(Optional.empty(), d.pronunciation("hello(2)"));
    assertEquals(List.of("HH", "AH", "L", "OW", "W", "ER", "L", "D"), d.phones("  hello   world "));
  }

  @Test
  void theBundledMiniLexiconCoversTheMiniCorpusWords() throws IOException {
    CmuDict d = CmuDict.read(Path.of("..", "data", "mini", "pr", "lexicon.txt"));
    assertEquals(81, d.size());
    // cmudict-en-us.dict: "washroom W AA SH R UW M", "the DH AH", "the(2) DH IY"
    assertEquals(List.of("DH", "AH", "W", "AA", "SH", "R", "UW", "M"), d.phones("the washroom"));
  }

  @Test
  void keepStressKeepsTheDigits() {
    CmuDict d = CmuDict.parse(LINES, "mini.dict", true);
    assertEquals(
        List.of("ZH", "IH0", "V", "AA1", "G", "OW2", "R", "EH1", "D"), d.phones("zhivago read"));
  }

  @Test
  void anUnknownWordIsNamed() {
    CmuDict d = CmuDict.parse(LINES, "mini.dict", false);
    assertEquals(Optional.of("planet"), d.firstUnknownWord("hello planet earth"));
    assertEquals(Optional.empty(), d.firstUnknownWord("hello world"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.phones("hello planet"));
    assertEquals("word 'planet' is not in the lexicon mini.dict (5 words)", e.getMessage());
  }

  @Test
  void malformedLinesNameTheSourceAndLine() {
    IllegalArgumentException noPhones =
        assertThrows(
            IllegalArgumentException.class,
            () -> CmuDict.parse(List.of("A  AH0", "LONELY"), "x.dict", false));
    assertEquals("x.dict line 2: 'LONELY' has no phones", noPhones.getMessage());
    IllegalArgumentException badPhone =
        assertThrows(
            IllegalArgumentException.class,
            () -> CmuDict.parse(List.of(";;; c", "CAT  K AE1 XX"), "x.dict", false));
    assertTrue(
        badPhone.getMessage().startsWith("x.dict line 2: unknown phone 'XX' in the entry of 'CAT'"),
        badPhone.getMessage());
    IllegalArgumentException stressedConsonant =
        assertThrows(
            IllegalArgumentException.class,
            () -> CmuDict.parse(List.of("CAT  K1 AE1 T"), "x.dict", false));
    assertTrue(stressedConsonant.getMessage().contains("'K1'"), stressedConsonant.getMessage());
  }

  @Test
  void theArpabetSetHas39PhonesAndStripsOnlyStressDigits() {
    assertEquals(39, Arpabet.PHONES.size());
    assertEquals("AH", Arpabet.stripStress("AH0"));
    assertEquals("ER", Arpabet.stripStress("ER2"));
    assertEquals("NG", Arpabet.stripStress("NG"));
    assertTrue(Arpabet.isPhone("OY1"));
    assertEquals(false, Arpabet.isPhone("AH3"));
  }
}
