package dev.sure4j.speech.tts.train;

import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TTS training test on the espeak corpus: before each test the corpus is written to a fresh
 * directory {@link #dir} and featurised ({@link #tts}).
 */
abstract class EspeakTtsTest extends ManagedTest {

  @TempDir Path dir;

  EspeakTts tts;

  @BeforeEach
  void corpus() throws Exception {
    tts = EspeakTts.write(dir);
  }
}
