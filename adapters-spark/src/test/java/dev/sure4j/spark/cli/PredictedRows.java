package dev.sure4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Row;

/**
 * Reads the rows {@code spark-predict} wrote for a manifest of numbered clips and a missing one.
 */
final class PredictedRows {

  /** The manifest's file that does not exist. */
  static final String MISSING = "missing.wav";

  private PredictedRows() {}

  /**
   * Returns the clip index of a row ({@code 3} for {@code clips/3.wav}), or -1 for the missing
   * file's row after checking that it has no prediction and an error naming the file.
   *
   * @param r a row with {@code path}, {@code prediction} and {@code error}
   * @return the clip's index, or -1 for {@value #MISSING}
   */
  static int index(Row r) {
    String path = r.getAs("path");
    String name = Path.of(path.replace("file:", "")).getFileName().toString();
    if (name.equals(MISSING)) {
      assertNull(r.getAs("prediction"));
      assertTrue(((String) r.getAs("error")).contains(MISSING), (String) r.getAs("error"));
      return -1;
    }
    assertNull(r.getAs("error"), path);
    return Integer.parseInt(name.replace(".wav", ""));
  }
}
