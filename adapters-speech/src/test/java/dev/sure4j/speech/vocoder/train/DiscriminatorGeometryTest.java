package dev.sure4j.speech.vocoder.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscriminatorGeometryTest {

  @Test
  void rejectsAWidthDivisorThatIsNotAPowerOfTwo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiscriminatorGeometry.of(3));
    assertEquals(
        "discriminator width divisor must be a power of two in [1, 128]: 3", e.getMessage());
  }

  @Test
  void rejectsAPeriodBelowOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new DiscriminatorGeometry(List.of(2, 0), 1));
    assertEquals("discriminator period must be >= 1: 0", e.getMessage());
  }

  @Test
  void narrowsChannelsAndHalvesGroupsThatNoLongerDivide() {
    assertEquals(32, DiscriminatorGeometry.width(1024, 32));
    assertEquals(1, DiscriminatorGeometry.width(32, 64));
    assertEquals(16, DiscriminatorGeometry.groups(16, 64, 128));
    assertEquals(4, DiscriminatorGeometry.groups(16, 4, 8));
  }
}
