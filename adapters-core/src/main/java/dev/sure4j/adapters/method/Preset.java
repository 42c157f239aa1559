package dev.sure4j.adapters.method;

/** The settings a method's offered configurations ({@link MethodVariant}) are tuned for. */
public enum Preset {
  /**
   * The builder defaults (the SURE reference values at any width), with the learning rates of the
   * synthetic comparison ({@code ./sure4j demo}, {@code ./sure4j methods}, the benchmarks).
   */
  DEFAULT,
  /**
   * The SURE speech tasks on a HuBERT or wav2vec2 encoder ({@code ./sure4j quickstart}, {@code
   * train}), with the peak learning rates chosen on the bundled corpus' validation splits.
   */
  SURE,
  /**
   * Text to speech on the FastSpeech-style model ({@code ./sure4j tts-train}): the SURE TTS
   * placements (adapters after each FFT block's feed-forward, LoRA on the query and value
   * projections).
   */
  TTS
}
