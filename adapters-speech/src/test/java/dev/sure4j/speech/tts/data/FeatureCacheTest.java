package dev.sure4j.speech.tts.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature cache: a hit returns the stored features, a changed text misses. */
class FeatureCacheTest {

  @TempDir Path dir;

  @Test
  void secondReadComesFromTheCacheAndAChangedTextMisses() throws Exception {
    float[] tone = new float[11025];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / 22050.0));
    }
    Path wav = dir.resolve("tone.wav");
    WavWriter.write(wav, AudioClip.mono(tone, 22050), SampleFormat.PCM_S16);
    TtsUtterance u = new TtsUtterance(wav, "A tone.", "s");
    TextEncoder text = TextEncoder.fromTexts(new CharacterFrontEnd(), List.of(u.text(), "B"));
    TtsFeaturizer f = TtsFeaturizer.of(MelConfig.fastspeech2(), text);
    FeatureCache cache = new FeatureCache(dir.resolve("cache"));
    AtomicInteger computed = new AtomicInteger();
    UtteranceFeatures first;
    try (NDManager m = NDManager.newBaseManager()) {
      FeatureCache.Computation c =
          () -> {
            computed.incrementAndGet();
            return f.compute(m, u, 2);
          };
      first = cache.get(f, u, 2, c);
      UtteranceFeatures again = cache.get(f, u, 5, c);
      assertEquals(1, computed.get(), "the second read is a hit");
      assertArrayEquals(first.tokens(), again.tokens());
      assertArrayEquals(first.mel(), again.mel());
      assertArrayEquals(first.logPitch(), again.logPitch());
      assertArrayEquals(first.energy(), again.energy());
      assertEquals(5, again.speaker(), "the speaker id is the caller's");
      TtsUtterance other = new TtsUtterance(wav, "B tone.", "s");
      cache.get(
          f,
          other,
          0,
          () -> {
            computed.incrementAndGet();
            return f.compute(m, other, 0);
          });
      assertEquals(2, computed.get(), "another text misses");
    }
    // a 220 Hz tone: ln F0 close to ln 220 inside the signal
    assertEquals(Math.log(220), first.logPitch()[first.frames() / 2], 0.01);
    TtsDataset d = TtsDataset.compute(f, List.of(u), x -> 1, Optional.of(cache));
    assertArrayEquals(first.mel(), d.features().get(0).mel());
  }
}
