package dev.sure4j.speech.ctc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

  @TempDir Path dir;

  @Test
  void charactersFromTranscripts() {
    Vocabulary v =
        Vocabulary.fromTranscripts(List.of("ab a", "ba c"), Vocabulary.Kind.CHARACTERS, true);
    // <pad>=0 <unk>=1 |=2 then sorted A B C
    assertEquals(List.of("<pad>", "<unk>", "|", "A", "B", "C"), v.tokens());
    assertEquals(0, v.blankId());
    assertArrayEquals(new int[] {3, 4, 2, 3}, v.encode("AB  A"));
    assertArrayEquals(new int[] {3, 1}, v.encode("AZ"));
    assertEquals("AB A", v.decode(new int[] {0, 3, 4, 0, 2, 3, 0}));
  }

  @Test
  void tokensFromTranscripts() {
    Vocabulary v =
        Vocabulary.fromTranscripts(List.of("HH AH0 L OW1"), Vocabulary.Kind.TOKENS, false);
    assertEquals(List.of("<pad>", "<unk>", "AH0", "HH", "L", "OW1"), v.tokens());
    assertArrayEquals(new int[] {3, 2, 4, 5}, v.encode("HH AH0 L OW1"));
    assertEquals("HH AH0 L OW1", v.decode(new int[] {3, 0, 2, 4, 5}));
  }

  @Test
  void saveAndLoadHuggingFaceForm() throws IOException {
    Vocabulary v =
        Vocabulary.fromTranscripts(List.of("hi there"), Vocabulary.Kind.CHARACTERS, false);
    Path f = dir.resolve("vocab.json");
    v.save(f);
    String json = Files.readString(f);
    assertTrue(json.contains("\"<pad>\": 0") && json.contains("\"|\": 2"), json);
    Vocabulary back = Vocabulary.load(f, Vocabulary.Kind.CHARACTERS);
    assertEquals(v.tokens(), back.tokens());
    // Hugging Face fine-tuning layout: specials last, [PAD]/[UNK]
    Path hf = dir.resolve("hf.json");
    Files.writeString(
        hf, "{\"a\": 0, \"|\": 1, \"[UNK]\": 2, \"[PAD]\": 3}", StandardCharsets.UTF_8);
    Vocabulary h = Vocabulary.load(hf, Vocabulary.Kind.CHARACTERS);
    assertEquals(3, h.blankId());
    assertEquals(2, h.unkId());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"a\": 0, \"b\": 5}", StandardCharsets.UTF_8);
    IOException e =
        assertThrows(IOException.class, () -> Vocabulary.load(bad, Vocabulary.Kind.TOKENS));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
  }
}
