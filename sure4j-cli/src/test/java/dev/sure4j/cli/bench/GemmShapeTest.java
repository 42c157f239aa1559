package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.encoder.EncoderConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The roofline's FLOP arithmetic against numbers worked out by hand, at the HuBERT-base inference
 * shapes on 4 x 2 s (B*T = 4 x 99 = 396 rows): a projection {@code 2 * 396 * 768 * 768 =
 * 467,140,608} FLOPs, each feed-forward product {@code 2 * 396 * 768 * 3072 = 1,868,562,432}; a
 * layer 4 projections and 2 feed-forward products, 5,605,687,296.
 */
class GemmShapeTest {

  @Test
  void hubertBaseLayerShapesCountByHand() {
    List<GemmShape> layer = GemmShape.layer(396, 768, 3072);
    assertEquals(467_140_608.0, layer.get(0).flops());
    assertEquals(4, layer.get(0).perLayer());
    assertEquals(1_868_562_432.0, layer.get(1).flops());
    assertEquals(1_868_562_432.0, layer.get(2).flops());
    assertEquals(3072, layer.get(2).k());
    assertEquals(5_605_687_296.0, GemmShape.layerFlops(layer));
  }

  @Test
  void aLayersProductsAreTheEncoderCountsLinearsPerLayer() {
    EncoderFlops f = EncoderFlops.of(EncoderConfig.base(), 4, 32_000);
    assertEquals(
        f.layerLinear() / 12, GemmShape.layerFlops(GemmShape.layer(4 * f.frames(), 768, 3072)));
  }

  @Test
  void ratesAreFlopsOverMilliseconds() {
    // 1e9 FLOPs in 10 ms is 100 GFLOP/s
    assertEquals(100.0, GemmShape.gflops(1e9, 10));
    assertThrows(IllegalArgumentException.class, () -> GemmShape.gflops(1e9, 0));
  }

  @Test
  void theLayerRooflineWeighsEachShapeByItsCountPerLayer() {
    // shapes of 2 * 10 * 10 * 10 = 2,000 FLOPs (x4), 2 * 10 * 10 * 40 = 8,000 and 8,000: 24,000
    // FLOPs per layer; medians 1, 2, 3 ms -> 4 * 1 + 2 + 3 = 9 ms -> 24,000 / 9e6 GFLOP/s;
    // minima 0.5, 1, 1 ms -> 4 ms -> 24,000 / 4e6
    List<GemmShape> shapes = GemmShape.layer(10, 10, 40);
    GemmRoofline r =
        new GemmRoofline(
            shapes,
            Map.of(
                "projection", List.of(1.0, 0.5, 1.5),
                "ffn up", List.of(2.0, 1.0, 3.0),
                "ffn down", List.of(3.0, 4.0, 1.0)));
    assertEquals(24_000 / 9e6, r.layerMedianGflops(), 1e-15);
    assertEquals(24_000 / 4e6, r.layerBestGflops(), 1e-15);
    assertEquals(8_000 / 2e6, r.medianGflops(shapes.get(1)), 1e-15);
    assertEquals(8_000 / 1e6, r.bestGflops(shapes.get(2)), 1e-15);
  }

  @Test
  void aZeroDimensionIsRefusedNamingTheProduct() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new GemmShape("ffn up", 0, 768, 3072, 1));
    assertTrue(e.getMessage().startsWith("ffn up:"), e.getMessage());
  }
}
