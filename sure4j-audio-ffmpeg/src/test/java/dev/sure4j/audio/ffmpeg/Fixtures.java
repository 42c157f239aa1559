package dev.sure4j.audio.ffmpeg;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.Resampler;
import dev.sure4j.speech.audio.WavReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test fixtures under {@code src/test/resources/audio/} and the measures the tests use. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/audio/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource /audio/" + name, e);
    }
  }

  static AudioClip wav(String name) throws IOException {
    return WavReader.read(path(name));
  }

  /** Max abs difference over the first {@code min(a, b)} samples. */
  static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /**
   * Signal-to-noise ratio in dB of {@code decoded} against {@code reference}, over the reference's
   * length, with {@code decoded} shifted by {@code lag} samples (missing samples count as 0).
   */
  static double snrDb(float[] reference, float[] decoded, int lag) {
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < reference.length; i++) {
      int j = i + lag;
      double y = j >= 0 && j < decoded.length ? decoded[j] : 0;
      signal += reference[i] * (double) reference[i];
      noise += (reference[i] - y) * (reference[i] - y);
    }
    return 10 * Math.log10(signal / noise);
  }

  /** The lag in [-maxLag, maxLag] with the highest SNR. */
  static int bestLag(float[] reference, float[] decoded, int maxLag) {
    int best = 0;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      if (snrDb(reference, decoded, lag) > snrDb(reference, decoded, best)) {
        best = lag;
      }
    }
    return best;
  }

  /** The clip at {@code rate} Hz, through the torchaudio-parity resampler. */
  static AudioClip at(AudioClip clip, int rate) {
    return clip.sampleRate() == rate ? clip : Resampler.of(clip.sampleRate(), rate).resample(clip);
  }
}
