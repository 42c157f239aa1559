package dev.sure4j.cli.synthesis;

import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelConfigBuilder;
import picocli.CommandLine.Option;

/**
 * The mel-feature options shared by {@code ./sure4j mel} and {@code ./sure4j vocode}: a preset and
 * overrides of its fields.
 */
public final class MelOptions {

  @Option(
      names = "--preset",
      defaultValue = "hifigan",
      description = "Feature preset: hifigan or fastspeech2 (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--sample-rate",
      description = "Sample rate in Hz (audio is resampled to it; default: the preset's).")
  Integer sampleRate;

  @Option(names = "--n-fft", description = "FFT size in samples (default: the preset's).")
  Integer nFft;

  @Option(names = "--hop", description = "Hop in samples (default: the preset's).")
  Integer hop;

  @Option(
      names = "--win",
      description = "Hann window length in samples (default: --n-fft if given, else the preset's).")
  Integer win;

  @Option(names = "--n-mels", description = "Mel channels (default: the preset's).")
  Integer nMels;

  @Option(names = "--f-min", description = "Lowest mel edge in Hz (default: the preset's).")
  Double fMin;

  @Option(
      names = "--f-max",
      description = "Highest mel edge in Hz (default: the preset's, at most half the sample rate).")
  Double fMax;

  /**
   * Builds the configuration: the preset with the given fields replaced.
   *
   * @return the features
   * @throws IllegalArgumentException for an unknown preset or out-of-range values
   */
  public MelConfig config() {
    MelConfig base = MelConfig.preset(preset);
    MelConfigBuilder b = base.toBuilder();
    if (sampleRate != null) {
      b.optSampleRate(sampleRate);
      b.optFMax(Math.min(base.fMax(), sampleRate / 2.0));
    }
    if (nFft != null) {
      b.optNFft(nFft).optWinLength(nFft);
    }
    if (win != null) {
      b.optWinLength(win);
    }
    if (hop != null) {
      b.optHopLength(hop);
    }
    if (nMels != null) {
      b.optNMels(nMels);
    }
    if (fMin != null) {
      b.optFMin(fMin);
    }
    if (fMax != null) {
      b.optFMax(fMax);
    }
    return b.build();
  }
}
