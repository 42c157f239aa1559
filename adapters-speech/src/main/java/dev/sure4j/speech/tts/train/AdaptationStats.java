package dev.sure4j.speech.tts.train;

/**
 * Which pitch and energy statistics ({@link dev.sure4j.speech.tts.data.FeatureStats}) an adaptation
 * z-scores its training targets with and turns the adapted model's predictions back with.
 */
public enum AdaptationStats {
  /**
   * The new voice's own: mean and deviation of {@code ln F0} and energy over the adaptation
   * corpus's training utterances, saved in the adaptation directory ({@value VoiceStatsFile#FILE}).
   * A voice far from the base voices (an octave higher: {@code ln 2 = 0.69} in {@code ln F0}) then
   * keeps its pitch inside the variance adaptor's bins.
   */
  VOICE,

  /** The base model's, from its {@code tts_config.json}; nothing extra is saved. */
  BASE
}
