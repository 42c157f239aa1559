package dev.sure4j.speech.synthesis;

/** The filter normalisations of {@code torchaudio.functional.melscale_fbanks} ({@code norm}). */
public enum MelNorm {
  /** {@code None}: every triangle peaks at 1. */
  NONE,

  /**
   * {@code "slaney"}: every triangle is divided by half its width in Hz, {@code 2 / (f[m + 2] -
   * f[m])}, so each filter has about the same area (constant energy per channel).
   */
  SLANEY
}
