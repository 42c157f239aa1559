package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One matrix product {@code [m, k] x [k, n]} as inference runs it, and its FLOP count {@code 2 * m
 * * k * n} (a multiply and an add per term).
 *
 * @param label what the product is in the encoder layer
 * @param m rows of the left operand (utterances x frames)
 * @param k the shared dimension
 * @param n columns of the right operand
 * @param perLayer how many times a transformer layer runs it
 */
public record GemmShape(String label, long m, long k, long n, int perLayer) {

  /** Checks that every dimension and the count are positive. */
  public GemmShape {
    checkArgument(
        m > 0 && k > 0 && n > 0,
        "%s: dimensions must be > 0: [%s, %s] x [%s, %s]",
        label,
        m,
        k,
        k,
        n);
    checkArgument(perLayer > 0, "%s: perLayer must be > 0: %s", label, perLayer);
  }

  /**
   * Returns the FLOPs of one product.
   *
   * @return {@code 2 * m * k * n}
   */
  public double flops() {
    return 2.0 * m * k * n;
  }

  /**
   * The three distinct products of one post-LN transformer layer's linears on {@code rows} frames:
   * the query, key, value and output projections {@code [rows, hidden] x [hidden, hidden]} (4 per
   * layer), the feed-forward up-projection {@code [rows, hidden] x [hidden, ffn]} and its
   * down-projection {@code [rows, ffn] x [ffn, hidden]}.
   *
   * @param rows utterances x frames per utterance
   * @param hidden the model width (768 for HuBERT-base)
   * @param ffn the feed-forward width (3072 for HuBERT-base)
   * @return the three shapes
   */
  public static List<GemmShape> layer(long rows, long hidden, long ffn) {
    return List.of(
        new GemmShape("projection", rows, hidden, hidden, 4),
        new GemmShape("ffn up", rows, hidden, ffn, 1),
        new GemmShape("ffn down", rows, ffn, hidden, 1));
  }

  /**
   * Returns the FLOPs of one layer's linears: every shape's FLOPs times its count per layer.
   *
   * @param shapes the shapes of one layer
   * @return FLOPs
   */
  public static double layerFlops(List<GemmShape> shapes) {
    return shapes.stream().mapToDouble(s -> s.perLayer() * s.flops()).sum();
  }

  /**
   * Returns a rate in GFLOP/s.
   *
   * @param flops the work, in FLOPs
   * @param millis the time it took, in milliseconds ({@code > 0})
   * @return {@code flops / (millis * 1e6)}
   */
  public static double gflops(double flops, double millis) {
    checkArgument(millis > 0, "time must be > 0 ms: %s", millis);
    return flops / (millis * 1e6);
  }
}
