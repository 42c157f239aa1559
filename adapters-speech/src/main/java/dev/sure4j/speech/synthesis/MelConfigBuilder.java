package dev.sure4j.speech.synthesis;

/**
 * Builds a {@link MelConfig} ({@link MelConfig#builder()}, {@link MelConfig#toBuilder()}); every
 * setter replaces one field.
 */
public final class MelConfigBuilder {
  private int sampleRate;
  private int nFft;
  private int winLength;
  private int hopLength;
  private int nMels;
  private double fMin;
  private double fMax;
  private double power;
  private MelScale melScale;
  private MelNorm norm;
  private double logFloor;

  MelConfigBuilder(MelConfig c) {
    sampleRate = c.sampleRate();
    nFft = c.nFft();
    winLength = c.winLength();
    hopLength = c.hopLength();
    nMels = c.nMels();
    fMin = c.fMin();
    fMax = c.fMax();
    power = c.power();
    melScale = c.melScale();
    norm = c.norm();
    logFloor = c.logFloor();
  }

  /**
   * Sets the sample rate.
   *
   * @param hz the rate in Hz
   * @return this builder
   */
  public MelConfigBuilder optSampleRate(int hz) {
    sampleRate = hz;
    return this;
  }

  /**
   * Sets the FFT size.
   *
   * @param samples {@code n_fft}
   * @return this builder
   */
  public MelConfigBuilder optNFft(int samples) {
    nFft = samples;
    return this;
  }

  /**
   * Sets the window length.
   *
   * @param samples {@code win_length}
   * @return this builder
   */
  public MelConfigBuilder optWinLength(int samples) {
    winLength = samples;
    return this;
  }

  /**
   * Sets the hop.
   *
   * @param samples {@code hop_length}
   * @return this builder
   */
  public MelConfigBuilder optHopLength(int samples) {
    hopLength = samples;
    return this;
  }

  /**
   * Sets the mel channels.
   *
   * @param count {@code n_mels}
   * @return this builder
   */
  public MelConfigBuilder optNMels(int count) {
    nMels = count;
    return this;
  }

  /**
   * Sets the lowest filter edge.
   *
   * @param hz {@code f_min} in Hz
   * @return this builder
   */
  public MelConfigBuilder optFMin(double hz) {
    fMin = hz;
    return this;
  }

  /**
   * Sets the highest filter edge.
   *
   * @param hz {@code f_max} in Hz
   * @return this builder
   */
  public MelConfigBuilder optFMax(double hz) {
    fMax = hz;
    return this;
  }

  /**
   * Sets the spectrum exponent.
   *
   * @param exponent 1 for magnitude, 2 for power
   * @return this builder
   */
  public MelConfigBuilder optPower(double exponent) {
    power = exponent;
    return this;
  }

  /**
   * Sets the mel scale.
   *
   * @param scale {@code mel_scale}
   * @return this builder
   */
  public MelConfigBuilder optMelScale(MelScale scale) {
    melScale = scale;
    return this;
  }

  /**
   * Sets the filter normalisation.
   *
   * @param value {@code norm}
   * @return this builder
   */
  public MelConfigBuilder optNorm(MelNorm value) {
    norm = value;
    return this;
  }

  /**
   * Sets the floor applied before the log.
   *
   * @param floor the clamp minimum, &gt; 0
   * @return this builder
   */
  public MelConfigBuilder optLogFloor(double floor) {
    logFloor = floor;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @return the configuration
   * @throws IllegalArgumentException if a value is out of range (see {@link MelConfig})
   */
  public MelConfig build() {
    return new MelConfig(
        sampleRate, nFft, winLength, hopLength, nMels, fMin, fMax, power, melScale, norm, logFloor);
  }
}
