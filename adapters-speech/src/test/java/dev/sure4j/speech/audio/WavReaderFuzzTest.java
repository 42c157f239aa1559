package dev.sure4j.speech.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.InputLimits;

/**
 * Any bytes given to {@link WavReader#parse(byte[], String, InputLimits)} give either a clip within
 * the limits or an {@link AudioException} of one line that names the source; anything else (another
 * exception, an error, a clip over a limit) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/speech/audio/WavReaderFuzzTestInputs/parse/} (Jazzer's regression
 * mode); {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class WavReaderFuzzTest {

  private static final String SOURCE = "fuzz.wav";

  /** Small limits, so that a valid input cannot take the fuzzer's memory. */
  private static final InputLimits LIMITS =
      InputLimits.builder().optMaxSeconds(10).optMaxDecodedSamples(1 << 20).build();

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    AudioClip clip;
    try {
      clip = WavReader.parse(data, SOURCE, LIMITS);
    } catch (AudioException e) {
      String message = e.getMessage();
      if (!message.startsWith(SOURCE + ": ") || message.contains("\n")) {
        throw new AssertionError("not one line naming the source: " + message, e);
      }
      return;
    }
    if (!LIMITS.acceptsSampleRate(clip.sampleRate())
        || clip.frames() > LIMITS.maxFrames(clip.channelCount(), clip.sampleRate())) {
      throw new AssertionError("a clip over the limits: " + clip);
    }
  }
}
