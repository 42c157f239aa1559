package dev.sure4j.speech.tts.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TextEncoder} with the character front end: ids, unknowns and the saved vocabulary. */
class TextEncoderTest {

  private static final List<String> EXPECTED_TOKENS =
      List.of(
          "<pad>", "<unk>", "|", ".", "c", "d", "e", "h", "i", "l", "n", "o", "p", "r", "s", "t");

  @Test
  void buildsASortedCharacterVocabularyWithPadAndUnk() {
    TextEncoder encoder =
        TextEncoder.fromTexts(new CharacterFrontEnd(), List.of("Open the DOOR.", "Close  it"));
    assertEquals(EXPECTED_TOKENS, encoder.vocabulary().tokens());
    assertEquals(0, encoder.vocabulary().blankId());
    assertEquals(1, encoder.vocabulary().unkId());
    // t h e | d o o r ! -> "!" was never seen: <unk>
    assertArrayEquals(new int[] {15, 7, 6, 2, 5, 11, 11, 13, 1}, encoder.encode("The   door!"));
  }

  @Test
  void savesAndLoadsTheVocabularyAsJson(@TempDir Path dir) throws IOException {
    TextEncoder encoder =
        TextEncoder.fromTexts(new CharacterFrontEnd(), List.of("Open the DOOR.", "Close  it"));
    encoder.save(dir);
    String json = Files.readString(dir.resolve(TextEncoder.VOCAB_FILE));
    assertTrue(json.contains("\"<pad>\": 0") && json.contains("\"t\": 15"), json);
    TextEncoder loaded = TextEncoder.load(dir, new CharacterFrontEnd());
    assertEquals(EXPECTED_TOKENS, loaded.vocabulary().tokens());
    assertArrayEquals(encoder.encode("close the door."), loaded.encode("close the door."));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve(TextEncoder.VOCAB_FILE)), files.toList());
    }
  }
}
