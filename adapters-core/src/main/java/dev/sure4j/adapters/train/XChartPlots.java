package dev.sure4j.adapters.train;

import dev.sure4j.adapters.io.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link LearningCurves} with XChart. Only {@link LearningCurves#write} loads this class,
 * after checking that XChart is on the class path: a class whose methods name XChart types cannot
 * even be loaded without it.
 */
final class XChartPlots {

  private XChartPlots() {}

  /**
   * Writes the plots into a directory, each through a temporary file and a rename.
   *
   * @param history the training history
   * @param dir the directory
   * @throws IOException when a file cannot be written
   */
  static void write(List<LogRow> history, Path dir) throws IOException {
    XYChart loss = chart("Loss", "loss");
    add(
        loss,
        "train loss",
        history,
        r -> !r.isEvaluation() && Double.isFinite(r.loss()),
        LogRow::loss);
    add(
        loss,
        "eval loss",
        history,
        r -> r.metrics().containsKey(TrainingConfig.EVAL_LOSS),
        r -> r.metrics().get(TrainingConfig.EVAL_LOSS));
    save(loss, dir.resolve(LearningCurves.LOSS_PNG));
    TreeSet<String> names = new TreeSet<>();
    history.forEach(r -> names.addAll(r.metrics().keySet()));
    names.remove(TrainingConfig.EVAL_LOSS);
    if (!names.isEmpty()) {
      XYChart metrics = chart("Evaluation metrics", "value");
      for (String n : names) {
        add(metrics, n, history, r -> r.metrics().containsKey(n), r -> r.metrics().get(n));
      }
      save(metrics, dir.resolve(LearningCurves.METRICS_PNG));
    }
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle("optimizer step")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setYAxisDecimalPattern("0.####");
    return c;
  }

  private static void add(
      XYChart c,
      String name,
      List<LogRow> history,
      Predicate<LogRow> keep,
      ToDoubleFunction<LogRow> y) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (LogRow r : history) {
      if (keep.test(r) && Double.isFinite(y.applyAsDouble(r))) {
        xs.add((double) r.step());
        ys.add(y.applyAsDouble(r));
      }
    }
    if (!xs.isEmpty()) {
      c.addSeries(name, xs, ys)
          .setMarker(xs.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
  }

  private static void save(XYChart c, Path file) throws IOException {
    if (c.getSeriesMap().isEmpty()) {
      return;
    }
    BufferedImage img = BitmapEncoder.getBufferedImage(c);
    AtomicFiles.writeStream(
        file,
        out -> {
          if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer for " + file);
          }
        });
  }
}
