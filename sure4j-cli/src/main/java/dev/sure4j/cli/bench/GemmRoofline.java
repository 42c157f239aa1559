package dev.sure4j.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.encoder.EncoderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The matrix-multiply roofline through DJL: {@code NDArray.matMul} timed at the shapes a
 * transformer layer runs in inference ({@link GemmShape#layer}), on float32 arrays of random
 * values. The roofline of a layer is its linears' FLOPs over the sum of their median times (each
 * shape weighted by how often a layer runs it): the rate inference would reach if nothing but these
 * products cost time.
 *
 * @param shapes the shapes timed, in order
 * @param millis each shape's timed repetitions, in milliseconds
 */
public record GemmRoofline(List<GemmShape> shapes, Map<String, List<Double>> millis) {

  /** Untimed products per shape before the timed ones. */
  static final int WARM_UP = 3;

  /**
   * Times every shape of one layer of {@code config} on {@code rows} frames.
   *
   * @param manager where the operands live (on its device)
   * @param config the encoder geometry (hidden and feed-forward widths)
   * @param rows utterances x frames per utterance
   * @param repeats timed products per shape, {@code >= 1}
   * @return the times
   */
  public static GemmRoofline measure(
      NDManager manager, EncoderConfig config, long rows, int repeats) {
    List<GemmShape> shapes = GemmShape.layer(rows, config.hiddenSize(), config.intermediateSize());
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    for (GemmShape s : shapes) {
      List<Double> times = new ArrayList<>();
      try (NDManager scope = manager.newSubManager()) {
        NDArray a = scope.randomNormal(new Shape(s.m(), s.k()));
        NDArray b = scope.randomNormal(new Shape(s.k(), s.n()));
        for (int i = 0; i < repeats + WARM_UP; i++) {
          double ms = Stopwatch.millis(() -> a.matMul(b).close());
          if (i >= WARM_UP) {
            times.add(ms);
          }
        }
      }
      millis.put(s.label(), times);
    }
    return new GemmRoofline(shapes, millis);
  }

  /**
   * Returns one shape's rate at its median time.
   *
   * @param s one of {@link #shapes()}
   * @return GFLOP/s
   */
  public double medianGflops(GemmShape s) {
    return GemmShape.gflops(s.flops(), Stopwatch.median(millis.get(s.label())));
  }

  /**
   * Returns one shape's rate at its shortest time.
   *
   * @param s one of {@link #shapes()}
   * @return GFLOP/s
   */
  public double bestGflops(GemmShape s) {
    return GemmShape.gflops(s.flops(), Stopwatch.min(millis.get(s.label())));
  }

  /**
   * Returns the layer's roofline at the median times: the layer's linear FLOPs over the sum of
   * {@code perLayer x median time} of every shape.
   *
   * @return GFLOP/s
   */
  public double layerMedianGflops() {
    return layerRate(true);
  }

  /**
   * Returns the layer's roofline at the shortest times.
   *
   * @return GFLOP/s
   */
  public double layerBestGflops() {
    return layerRate(false);
  }

  private double layerRate(boolean median) {
    double ms = 0;
    for (GemmShape s : shapes) {
      List<Double> t = millis.get(s.label());
      ms += s.perLayer() * (median ? Stopwatch.median(t) : Stopwatch.min(t));
    }
    return GemmShape.gflops(GemmShape.layerFlops(shapes), ms);
  }
}
