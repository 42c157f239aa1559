package dev.sure4j.adapters.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Learning-curve plots: {@code loss.png} (training loss and evaluation loss against the optimizer
 * step) and {@code metrics.png} (every other evaluation metric). XChart is an optional dependency
 * of this module: {@link #available()} says whether it is on the class path, and the engine skips
 * the plots when it is not.
 */
public final class LearningCurves {

  /** The loss plot's file name. */
  public static final String LOSS_PNG = "loss.png";

  /** The metrics plot's file name. */
  public static final String METRICS_PNG = "metrics.png";

  private LearningCurves() {}

  /**
   * Returns whether XChart is on the class path.
   *
   * @return true when plots can be written
   */
  public static boolean available() {
    try {
      Class.forName("org.knowm.xchart.XYChart", false, LearningCurves.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Writes the plots into a directory, each through a temporary file and a rename.
   *
   * @param history the training history
   * @param dir the directory
   * @throws IOException when a file cannot be written
   * @throws IllegalStateException when XChart is not on the class path ({@link #available()})
   */
  public static void write(List<LogRow> history, Path dir) throws IOException {
    if (!available()) {
      throw new IllegalStateException(
          "learning curves need org.knowm.xchart:xchart on the class path");
    }
    XChartPlots.write(history, dir);
  }
}
