package dev.sure4j.adapters.io;

import java.nio.file.Path;

/** The pause of the crash tests between the two renames of {@link AtomicFiles#replaceDirectory}. */
final class RenamePause {

  private RenamePause() {}

  /**
   * Prints {@code marker} and the target on standard error and sleeps, when {@code millis > 0};
   * else does nothing.
   */
  static void pause(Path target, long millis, String marker) {
    if (millis > 0) {
      System.err.println(marker + target);
      System.err.flush();
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
