package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spectrogram PNG: it decodes, has the documented size, the loudest cell is drawn in the top
 * colour of the scale and the quietest in the bottom one, bin 0 is at the bottom, and a non-finite
 * value is refused in one line naming its place.
 */
class SpectrogramPlotTest {

  private static final int TOP_RGB = (252 << 16) | (253 << 8) | 191;
  private static final int BOTTOM_RGB = 4;

  @TempDir Path dir;

  @Test
  void pngHasTheSizeAndColoursOfTheScale() throws Exception {
    // [4 mels, 6 frames]: loudest at mel 1, frame 4; quietest at mel 3, frame 0
    float[] v = new float[4 * 6];
    for (int i = 0; i < v.length; i++) {
      v[i] = -5 + 0.1f * i;
    }
    v[1 * 6 + 4] = 3f;
    v[3 * 6 + 0] = -9f;
    Path png = dir.resolve("s.png");
    SpectrogramPlot.write(v, 4, "test", png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "the file decodes as an image");
    // 40 + 3 x 6 + 70 by 10 + 2 x 4 + 25
    assertEquals(128, img.getWidth());
    assertEquals(43, img.getHeight());
    // cell (mel 1, frame 4): x from 40 + 3 x 4, y from 10 + 2 x (4 - 1 - 1) (bin 0 at the bottom)
    assertEquals(TOP_RGB, img.getRGB(40 + 12 + 1, 10 + 4 + 1) & 0xffffff);
    // cell (mel 3, frame 0): the top row
    assertEquals(BOTTOM_RGB, img.getRGB(40 + 1, 10 + 1) & 0xffffff);
    // the colour bar, 8 pixels right of the cells: top colour at its top, bottom colour at its foot
    assertEquals(TOP_RGB, img.getRGB(40 + 18 + 8 + 2, 10) & 0xffffff);
    assertEquals(BOTTOM_RGB, img.getRGB(40 + 18 + 8 + 2, 10 + 7) & 0xffffff);
  }

  @Test
  void badArraysAreRefusedInOneLine() {
    float[] v = new float[8];
    v[5] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpectrogramPlot.render(v, 2, ""));
    assertEquals("spectrogram: value NaN at mel bin 1, frame 1 is not finite", e.getMessage());
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class, () -> SpectrogramPlot.render(new float[7], 2, ""));
    assertEquals("spectrogram: 7 values are not [2, frames] with frames > 0", shape.getMessage());
  }
}
