package dev.sure4j.speech.serving;

/**
 * Counters of an {@link AdapterServer} since it started.
 *
 * @param requests utterances answered (successfully or with an error)
 * @param passes backbone passes run; {@code requests / passes} is the mean batch size
 * @param failed utterances answered with an error
 */
public record ServerStats(long requests, long passes, long failed) {

  /**
   * Returns the mean number of utterances per backbone pass.
   *
   * @return {@code requests / passes}, or 0 before the first pass
   */
  public double meanBatchSize() {
    return passes == 0 ? 0 : (double) requests / passes;
  }
}
