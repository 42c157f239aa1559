package dev.sure4j.speech.corpora;

/**
 * The split rule of the TTS corpora: of {@code n} utterances in their listed order, with {@code h =
 * floor(n / 20)} (5 %), the last {@code h} are test, the {@code h} before them validation, the rest
 * train. Fewer than 20 utterances are all train.
 */
final class TtsSplits {
  private TtsSplits() {}

  /**
   * Returns the split of one utterance.
   *
   * @param index its 0-based position
   * @param count the utterances in the group (corpus or speaker)
   * @return its split
   */
  static Split of(int index, int count) {
    int held = count / 20;
    return index < count - 2 * held ? Split.TRAIN : index < count - held ? Split.VAL : Split.TEST;
  }
}
