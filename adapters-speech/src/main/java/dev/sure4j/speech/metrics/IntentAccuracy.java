package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Fluent Speech Commands intent accuracy: an utterance counts as right only when action, object and
 * location are all right.
 */
public final class IntentAccuracy {

  private IntentAccuracy() {}

  /**
   * Computes the accuracy.
   *
   * @param truth true slot ids {@code [utterances][slots]} (slots: action, object, location)
   * @param predicted predicted slot ids, same shape
   * @return the fraction of utterances with every slot right (0 when there are none)
   */
  public static double allSlotsRight(int[][] truth, int[][] predicted) {
    checkArgument(
        truth.length == predicted.length,
        "%s true intents but %s predictions",
        truth.length,
        predicted.length);
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      checkArgument(
          truth[i].length == predicted[i].length,
          "utterance %s: %s true slots but %s predicted",
          i,
          truth[i].length,
          predicted[i].length);
      boolean all = true;
      for (int s = 0; s < truth[i].length; s++) {
        all &= truth[i][s] == predicted[i][s];
      }
      right += all ? 1 : 0;
    }
    return truth.length == 0 ? 0 : (double) right / truth.length;
  }
}
