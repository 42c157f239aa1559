package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.InjectionPoints;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AdaptableConv1dBuilder}: the options reach the convolution, a fixed convolution is no
 * injection point, and bad sizes fail with a message naming them.
 */
class AdaptableConv1dBuilderTest extends ManagedTest {

  @Test
  void optionsReachTheConvolution() {
    AdaptableConv1d c =
        AdaptableConv1d.builder()
            .setChannels(4, 6)
            .setKernel(3)
            .optStride(2)
            .optPadding(2)
            .optGroups(2)
            .optDilation(3)
            .optBias(false)
            .build();
    assertEquals(4, c.inChannels());
    assertEquals(6, c.outChannels());
    assertEquals(3, c.kernel());
    assertEquals(2, c.stride());
    assertEquals(2, c.padding());
    assertEquals(2, c.groups());
    assertEquals(3, c.dilation());
    assertTrue(c.injectionPoint());
    // weight [out, in / groups, kernel], no bias
    assertEquals(List.of("weight"), List.copyOf(c.getParameters().keys()));
    assertEquals(new Shape(6, 2, 3), c.getParameters().get("weight").getShape());
    // time 20: (20 + 2*2 - 3*(3-1) - 1) / 2 + 1 = 9
    assertArrayEquals(
        new long[] {1, 6, 9}, c.getOutputShapes(new Shape[] {new Shape(1, 4, 20)})[0].getShape());
  }

  @Test
  void defaultsAreAnOrdinaryConvolutionWithBias() {
    AdaptableConv1d c = AdaptableConv1d.builder().setChannels(2, 3).setKernel(1).build();
    c.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 5));
    c.getParameters().get("weight").getArray().set(new float[] {1, 0, 0, 1, 1, 1});
    c.getParameters().get("bias").getArray().set(new float[] {0, 0, 10});
    NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(1, 2, 5));
    NDArray y = c.forward(new ParameterStore(manager, false), new NDList(x), false).head();
    // rows: x0, x1, x0 + x1 + 10
    assertArrayEquals(
        new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 19, 21, 23, 25}, y.toFloatArray());
  }

  @Test
  void aFixedConvolutionIsNoInjectionPoint() {
    AdaptableConv1d fixed =
        AdaptableConv1d.builder().setChannels(2, 2).setKernel(1).optInjectionPoint(false).build();
    AdaptableConv1d open = AdaptableConv1d.builder().setChannels(2, 2).setKernel(1).build();
    assertFalse(fixed.injectionPoint());
    List<InjectionPoint> points =
        InjectionPoints.discover(new SequentialBlock().add(fixed).add(open));
    assertEquals(1, points.size());
    assertSame(open, points.get(0).host());
  }

  @Test
  void missingChannelsAreRefusedNamingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AdaptableConv1d.builder().setKernel(3).build());
    assertEquals("set the channels (> 0): in=0 out=0", e.getMessage());
  }

  @Test
  void groupsThatDoNotDivideTheChannelsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdaptableConv1d.builder().setChannels(4, 6).setKernel(3).optGroups(4).build());
    assertEquals("groups 4 must divide in 4 and out 6", e.getMessage());
  }
}
