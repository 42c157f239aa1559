package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed of an adaptation covers the adapter's random start: {@link TtsRecipes#adapt} of the
 * bundled model with LoRA (random {@code lora_A}) twice in one JVM with seed 0 writes the same
 * adapter bytes, and seed 1 other ones.
 */
class TtsAdaptSeedTest {

  private static final Path BASE = Path.of("..", "models", "mini-tts");

  @TempDir Path dir;

  private byte[] adapt(long seed, String name) throws Exception {
    Path out = dir.resolve(name);
    TtsRecipes.adapt(
        TtsAdaptation.builder()
            .setBase(BASE)
            .setCorpus(AdaptClips.corpus(dir))
            .setMethod(TtsMethod.parse("lora"))
            .setOptions(new TtsTrainingOptions(1, 1, 5e-3f, 1.0, 1f, seed, 1))
            .setOutputDir(out)
            .build(),
        System.out);
    return Files.readAllBytes(out.resolve("adapter_model.safetensors"));
  }

  @Test
  void theSameSeedWritesTheSameAdapter() throws Exception {
    byte[] first = adapt(0, "a");
    byte[] again = adapt(0, "b");
    byte[] other = adapt(1, "c");
    assertEquals(-1, Arrays.mismatch(first, again), "seed 0 twice");
    assertNotEquals(-1, Arrays.mismatch(first, other), "seeds 0 and 1");
  }
}
