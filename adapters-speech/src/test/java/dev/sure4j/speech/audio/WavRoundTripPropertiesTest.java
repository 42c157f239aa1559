package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class WavRoundTripPropertiesTest {

  @Property(tries = 200)
  void writeThenReadGivesTheSamplesWithinQuantisation(
      @ForAll SampleFormat format,
      @ForAll @IntRange(min = 1, max = 6) int channels,
      @ForAll @IntRange(min = 0, max = 300) int frames,
      @ForAll @IntRange(min = 1000, max = 192000) int rate,
      @ForAll("seeds") long seed)
      throws Exception {
    Random random = new Random(seed);
    float[][] samples = new float[channels][frames];
    for (float[] channel : samples) {
      for (int i = 0; i < frames; i++) {
        channel[i] = random.nextFloat() * 2 - 1; // [-1, 1)
      }
    }
    AudioClip clip = AudioClip.of(samples, rate);
    AudioClip back = WavReader.parse(WavWriter.toBytes(clip, format), format + " round trip");
    assertEquals(channels, back.channelCount());
    assertEquals(frames, back.frames());
    assertEquals(rate, back.sampleRate());
    // half a quantisation step for integer PCM, whose largest code is 1 - 2^-(N-1) (samples above
    // it clip to it); float formats hold a float exactly
    boolean isFloat = format.formatTag() == SampleFormat.TAG_FLOAT;
    double step = Math.scalb(1.0, 1 - format.bitsPerSample());
    double top = 1 - step;
    for (int c = 0; c < channels; c++) {
      float[] read = back.channel(c);
      for (int i = 0; i < frames; i++) {
        double expected = isFloat ? samples[c][i] : Math.min(samples[c][i], top);
        double bound = isFloat ? 0 : step / 2 + 1e-9;
        double diff = Math.abs(read[i] - expected);
        if (diff > bound) {
          throw new AssertionError(
              format
                  + " channel "
                  + c
                  + " frame "
                  + i
                  + ": wrote "
                  + samples[c][i]
                  + ", read "
                  + read[i]);
        }
      }
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
