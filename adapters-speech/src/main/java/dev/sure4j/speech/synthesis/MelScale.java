package dev.sure4j.speech.synthesis;

/**
 * The frequency-to-mel mappings of {@code torchaudio.functional.melscale_fbanks} ({@code
 * mel_scale}).
 */
public enum MelScale {
  /** {@code "htk"}: {@code mel = 2595 * log10(1 + hz / 700)}. */
  HTK,

  /**
   * {@code "slaney"} (the Auditory Toolbox scale, librosa's default): linear {@code mel = 3 * hz /
   * 200} below 1000 Hz, logarithmic above it with step {@code ln(6.4) / 27} per mel.
   */
  SLANEY;

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  /**
   * Converts a frequency to mels.
   *
   * @param hz frequency in Hz, &gt;= 0
   * @return the frequency in mels on this scale
   */
  public double hzToMel(double hz) {
    if (this == HTK) {
      return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
  }

  /**
   * Converts mels to a frequency.
   *
   * @param mel mels on this scale, &gt;= 0
   * @return the frequency in Hz
   */
  public double melToHz(double mel) {
    if (this == HTK) {
      return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }
}
