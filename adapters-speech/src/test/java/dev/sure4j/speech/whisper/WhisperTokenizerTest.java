package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The Java BPE against the ids of the Python reference BPE in tools/whisper_fixture.py. */
class WhisperTokenizerTest {

  private final WhisperTokenizer tokenizer =
      WhisperTokenizer.fromDirectory(WhisperFixtures.model());

  @Test
  void encodesAsTheReferenceAndDecodesBack() throws Exception {
    String json =
        Files.readString(
            WhisperFixtures.root().resolve("tokenizer_cases.json"), StandardCharsets.UTF_8);
    int cases = 0;
    for (JsonElement c : JsonParser.parseString(json).getAsJsonArray()) {
      String text = c.getAsJsonObject().get("text").getAsString();
      long[] expected =
          c.getAsJsonObject().get("ids").getAsJsonArray().asList().stream()
              .mapToLong(JsonElement::getAsLong)
              .toArray();
      assertArrayEquals(expected, tokenizer.encode(text), text);
      assertEquals(text, tokenizer.decode(expected, true), "round trip of " + text);
      cases++;
    }
    assertEquals(6, cases);
  }

  @Test
  void specialTokensEncodeAsThemselvesAndAreSkippedOnDecode() throws Exception {
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] ids = WhisperFixtures.ids(ref, "decoder.input_ids");
      String withSpecials = tokenizer.decode(ids, false);
      assertEquals(
          "<|startoftranscript|><|en|><|transcribe|><|notimestamps|> hello world<|endoftext|>",
          withSpecials);
      assertEquals(" hello world", tokenizer.decode(ids, true));
      assertArrayEquals(ids, tokenizer.encode(withSpecials));
    }
  }

  @Test
  void timestampsAndSpecialIds() {
    int t0 = tokenizer.tokenId("<|0.00|>");
    assertEquals(0.0, tokenizer.timestampSeconds(t0));
    assertEquals(0.5, tokenizer.timestampSeconds(tokenizer.tokenId("<|0.50|>")), 1e-9);
    assertEquals(-1, tokenizer.timestampSeconds(tokenizer.tokenId("<|en|>")));
    assertTrue(tokenizer.isSpecial(t0));
    assertTrue(tokenizer.isSpecial(tokenizer.tokenId(WhisperTokenizer.END_OF_TEXT)));
    assertFalse(tokenizer.isSpecial(tokenizer.encode("a")[0]));
    assertEquals(382, tokenizer.size());
    assertEquals("<|1.00|>", tokenizer.decode(new long[] {t0 + 50}, false));
  }
}
