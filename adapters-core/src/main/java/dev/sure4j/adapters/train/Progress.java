package dev.sure4j.adapters.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports progress: a terminal progress bar with loss, metric and ETA when a console is attached,
 * plain lines (one per log interval) otherwise or when the environment variable {@code CI} is
 * {@code true}.
 */
abstract class Progress implements AutoCloseable {

  static Progress create(long total, long start, double elapsedSeconds, int every) {
    boolean console = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    return console
        ? new Bar(total, start, elapsedSeconds)
        : new Lines(System.out, total, start, elapsedSeconds, every);
  }

  /**
   * Reports an optimizer step.
   *
   * @param step the step reached, 1-based
   * @param epoch the epoch
   * @param loss the latest mean loss, NaN when unknown
   * @param metric the latest followed metric as "name value", or empty
   */
  abstract void update(long step, int epoch, double loss, String metric);

  @Override
  public abstract void close();

  static String eta(double elapsed, long done, long total) {
    if (done <= 0) {
      return "?";
    }
    long s = Math.round(elapsed / done * Math.max(0, total - done));
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** The terminal bar. */
  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(long total, long start, double elapsedSeconds) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" steps", 1)
              .startsFrom(start, Duration.ofMillis((long) (elapsedSeconds * 1000)))
              .build();
    }

    @Override
    void update(long step, int epoch, double loss, String metric) {
      bar.stepTo(step);
      bar.setExtraMessage(
          String.format(Locale.ROOT, "epoch %d loss %.4f %s", epoch, loss, metric).trim());
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Plain lines, for logs and CI. */
  private static final class Lines extends Progress {
    private final PrintStream out;
    private final long total;
    private final long start;
    private final int every;
    private final long t0 = System.nanoTime();

    Lines(PrintStream out, long total, long start, double elapsedSeconds, int every) {
      this.out = out;
      this.total = total;
      this.start = start;
      this.every = every;
    }

    @Override
    void update(long step, int epoch, double loss, String metric) {
      if (step % every != 0 && step != total) {
        return;
      }
      double elapsed = (System.nanoTime() - t0) / 1e9;
      out.printf(
          Locale.ROOT,
          "train step %d/%d epoch %d loss %.4f %s elapsed %.1f s ETA %s%n",
          step,
          total,
          epoch,
          loss,
          metric.isEmpty() ? "" : metric + " ",
          elapsed,
          eta(elapsed, step - start, total - start));
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
