package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InputLimitsTest {

  @Test
  void defaultsAreTheDocumentedValues() {
    InputLimits d = InputLimits.defaults();
    assertEquals(3600.0, d.maxSeconds());
    assertEquals(1000, d.minSampleRate());
    assertEquals(384_000, d.maxSampleRate());
    assertEquals(1L << 30, d.maxBodyBytes());
    assertEquals(1L << 28, d.maxDecodedSamples());
    assertEquals(1L << 31, d.maxTensorBytes());
    assertEquals(8192, d.maxAdapterSize());
    assertEquals(100_000, d.maxLabels());
    assertEquals(64L << 20, d.maxPickleBytes());
    assertEquals(1 << 22, d.maxPickleObjects());
    assertEquals(256, d.maxPickleDepth());
    assertEquals(100L << 20, d.maxHeaderBytes());
    assertEquals(1L << 30, d.maxJsonBytes());
    assertEquals(64, d.maxJsonDepth());
  }

  @Test
  void theBuilderChangesOnlyWhatItIsGivenAndToBuilderCopies() {
    InputLimits l = InputLimits.builder().optMaxSeconds(30).optSampleRateRange(8000, 48000).build();
    assertEquals(30.0, l.maxSeconds());
    assertEquals(8000, l.minSampleRate());
    assertEquals(48000, l.maxSampleRate());
    assertEquals(InputLimits.defaults().maxDecodedSamples(), l.maxDecodedSamples());
    InputLimits all =
        l.toBuilder()
            .optMaxBodyBytes(5)
            .optMaxDecodedSamples(6)
            .optMaxTensorBytes(7)
            .optMaxAdapterSize(8)
            .optMaxLabels(9)
            .optMaxPickleBytes(10)
            .optMaxPickleObjects(11)
            .optMaxPickleDepth(12)
            .optMaxHeaderBytes(13)
            .optMaxJsonBytes(14)
            .optMaxJsonDepth(15)
            .build();
    assertSameLimits(all, all.toBuilder().build());
    assertEquals(30.0, all.maxSeconds(), "toBuilder keeps what it is not given");
    assertEquals(9, all.maxLabels());
    assertEquals(15, all.maxJsonDepth());
  }

  @Test
  void theSampleRateRangeIsInclusive() {
    InputLimits l = InputLimits.defaults();
    assertTrue(l.acceptsSampleRate(1000));
    assertTrue(l.acceptsSampleRate(384_000));
    assertFalse(l.acceptsSampleRate(999));
    assertFalse(l.acceptsSampleRate(384_001));
    assertFalse(l.acceptsSampleRate(999_999_937L));
  }

  @Test
  void maxFramesIsTheLowerOfTheDurationAndTheSampleCount() {
    InputLimits l = InputLimits.builder().optMaxSeconds(10).optMaxDecodedSamples(300_000).build();
    assertEquals(160_000, l.maxFrames(1, 16_000), "10 s at 16 kHz");
    assertEquals(100_000, l.maxFrames(3, 16_000), "300000 samples over 3 channels");
    assertEquals(
        InputLimits.defaults().maxDecodedSamples(),
        InputLimits.defaults().maxFrames(1, Integer.MAX_VALUE));
  }

  @Test
  void theBuilderRefusesValuesThatBoundNothing() {
    InputLimitsBuilder b = InputLimits.builder();
    refused(() -> b.optMaxSeconds(0), "the duration limit must be finite and > 0 s: 0.0");
    refused(() -> b.optMaxSeconds(Double.NaN), "the duration limit must be finite and > 0 s: NaN");
    refused(
        () -> b.optMaxSeconds(Double.POSITIVE_INFINITY),
        "the duration limit must be finite and > 0 s: Infinity");
    refused(() -> b.optSampleRateRange(0, 16000), "the lowest sample rate must be > 0 Hz: 0");
    refused(
        () -> b.optSampleRateRange(16000, 8000), "the sample-rate range 16000..8000 Hz is empty");
    refused(() -> b.optMaxBodyBytes(-1), "the body limit must be > 0 bytes: -1");
    refused(() -> b.optMaxDecodedSamples(0), "the decoded-sample limit must be > 0: 0");
    refused(() -> b.optMaxTensorBytes(0), "the tensor limit must be > 0 bytes: 0");
    refused(() -> b.optMaxAdapterSize(0), "the adapter size limit must be > 0: 0");
    refused(() -> b.optMaxLabels(-5), "the label limit must be > 0: -5");
    refused(
        () -> b.optMaxPickleBytes(1L << 31),
        "the pickle limit must be > 0 and < 2^31 bytes: 2147483648");
    refused(() -> b.optMaxPickleObjects(0), "the pickle object limit must be > 0: 0");
    refused(() -> b.optMaxPickleDepth(-1), "the pickle depth limit must be > 0: -1");
    refused(() -> b.optMaxHeaderBytes(0), "the header limit must be > 0 and < 2^31 bytes: 0");
    refused(() -> b.optMaxJsonBytes(-2), "the JSON limit must be > 0 and < 2^31 bytes: -2");
    refused(() -> b.optMaxJsonDepth(0), "the JSON depth limit must be > 0: 0");
    assertSameLimits(InputLimits.defaults(), b.build());
  }

  @Test
  void everyLimitIsSetAndReadByItsName() {
    assertEquals(
        List.of(
            "maxSeconds",
            "minSampleRate",
            "maxSampleRate",
            "maxBodyBytes",
            "maxDecodedSamples",
            "maxTensorBytes",
            "maxAdapterSize",
            "maxLabels",
            "maxPickleBytes",
            "maxPickleObjects",
            "maxPickleDepth",
            "maxHeaderBytes",
            "maxJsonBytes",
            "maxJsonDepth"),
        InputLimits.names());
    InputLimitsBuilder b = InputLimits.builder();
    for (String name : InputLimits.names()) {
      b.optLimit(name, " 7 ");
    }
    InputLimits l = b.build();
    for (String name : InputLimits.names()) {
      assertEquals(7.0, l.value(name).doubleValue(), name);
    }
    assertEquals(7.0, l.maxSeconds());
    assertEquals(7, l.maxSampleRate());
    assertEquals(7, l.maxPickleDepth());
    assertEquals(7L, l.maxTensorBytes());
  }

  @Test
  void settingByNameRefusesWhatTheSettersRefuse() {
    InputLimitsBuilder b = InputLimits.builder();
    refused(() -> b.optLimit("maxPickleDepth", "deep"), "For input string: \"deep\"");
    refused(() -> b.optLimit("maxPickleDepth", "0"), "the pickle depth limit must be > 0: 0");
    refused(() -> b.optLimit("minSampleRate", "-8"), "a sample rate must be > 0 Hz: -8");
    refused(() -> b.optLimit("maxFoo", "1"), "no limit named maxFoo");
    refused(() -> InputLimits.defaults().value("maxFoo"), "no limit named maxFoo");
    b.optLimit("maxSampleRate", "8000").optLimit("minSampleRate", "48000");
    refused(b::build, "the sample-rate range 48000..8000 Hz is empty");
    assertEquals(48_000, b.optLimit("maxSampleRate", "96000").build().minSampleRate());
  }

  private static void assertSameLimits(InputLimits a, InputLimits b) {
    assertEquals(a.maxSeconds(), b.maxSeconds());
    assertEquals(a.minSampleRate(), b.minSampleRate());
    assertEquals(a.maxSampleRate(), b.maxSampleRate());
    assertEquals(a.maxBodyBytes(), b.maxBodyBytes());
    assertEquals(a.maxDecodedSamples(), b.maxDecodedSamples());
    assertEquals(a.maxTensorBytes(), b.maxTensorBytes());
    assertEquals(a.maxAdapterSize(), b.maxAdapterSize());
    assertEquals(a.maxLabels(), b.maxLabels());
    assertEquals(a.maxPickleBytes(), b.maxPickleBytes());
    assertEquals(a.maxPickleObjects(), b.maxPickleObjects());
    assertEquals(a.maxPickleDepth(), b.maxPickleDepth());
    assertEquals(a.maxHeaderBytes(), b.maxHeaderBytes());
    assertEquals(a.maxJsonBytes(), b.maxJsonBytes());
    assertEquals(a.maxJsonDepth(), b.maxJsonDepth());
  }

  private static void refused(Executable call, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
