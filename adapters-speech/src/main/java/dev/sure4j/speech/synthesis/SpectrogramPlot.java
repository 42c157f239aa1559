package dev.sure4j.speech.synthesis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a log-mel spectrogram as a PNG with Java2D: time (frames) on x, mel bin on y (bin 0 at the
 * bottom; the x-axis label gives the frame count, then the title), colour from the array's minimum
 * (black) to its maximum (light yellow) on a magma-like scale, with the colour bar and its two end
 * values on the right.
 *
 * <p>Layout, in pixels: {@value #LEFT} left margin, {@value #CELL_X} per frame, {@value #RIGHT}
 * right of the cells (a gap, the {@value #BAR}-pixel colour bar and its labels); {@value #TOP} top
 * margin, {@value #CELL_Y} per mel bin, {@value #BOTTOM} bottom margin. A {@code [80, 200]}
 * spectrogram is therefore {@code 40 + 600 + 70 = 710} by {@code 10 + 160 + 25 = 195} pixels.
 *
 * <pre>{@code
 * SpectrogramPlot.write(synth.logMel(manager, "Open the door.", 0), 80, "synthesised", out);
 * }</pre>
 */
public final class SpectrogramPlot {

  /** Pixels per frame. */
  public static final int CELL_X = 3;

  /** Pixels per mel bin. */
  public static final int CELL_Y = 2;

  /** Left margin (the y-axis label). */
  public static final int LEFT = 40;

  /** Right margin: gap, colour bar and its labels. */
  public static final int RIGHT = 70;

  /** Top margin. */
  public static final int TOP = 10;

  /** Bottom margin (the x-axis label and the title). */
  public static final int BOTTOM = 25;

  /** Width of the colour bar. */
  public static final int BAR = 12;

  private static final int[][] MAGMA = {
    {0, 0, 4}, {81, 18, 124}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}
  };

  private SpectrogramPlot() {}

  /**
   * Returns the colour of a position on the scale.
   *
   * @param t the position, clamped to [0, 1]: 0 the minimum, 1 the maximum
   * @return the colour, {@code (0, 0, 4)} at 0 and {@code (252, 253, 191)} at 1
   */
  public static Color colour(double t) {
    double x = Math.max(0, Math.min(1, t)) * (MAGMA.length - 1);
    int i = Math.min(MAGMA.length - 2, (int) Math.floor(x));
    double f = x - i;
    int[] a = MAGMA[i];
    int[] b = MAGMA[i + 1];
    return new Color(
        (int) Math.round(a[0] + f * (b[0] - a[0])),
        (int) Math.round(a[1] + f * (b[1] - a[1])),
        (int) Math.round(a[2] + f * (b[2] - a[2])));
  }

  /**
   * Draws a spectrogram.
   *
   * @param values {@code [nMels, frames]} in C order (for example log-mel in natural-log units)
   * @param nMels the mel bins, &gt; 0, dividing {@code values.length}
   * @param title drawn below the cells, after the x-axis label, may be empty
   * @return the image, {@code LEFT + CELL_X * frames + RIGHT} by {@code TOP + CELL_Y * nMels +
   *     BOTTOM}
   * @throws IllegalArgumentException when the array is empty, does not fit {@code nMels}, or holds
   *     a value that is not finite
   */
  public static BufferedImage render(float[] values, int nMels, String title) {
    checkArgument(nMels > 0, "spectrogram: mel bins must be > 0: %s", nMels);
    checkArgument(
        values.length > 0 && values.length % nMels == 0,
        "spectrogram: %s values are not [%s, frames] with frames > 0",
        values.length,
        nMels);
    int frames = values.length / nMels;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      checkArgument(
          Float.isFinite(values[i]),
          "spectrogram: value %s at mel bin %s, frame %s is not finite",
          values[i],
          i / frames,
          i % frames);
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
    double span = hi > lo ? hi - lo : 1;
    int width = LEFT + CELL_X * frames + RIGHT;
    int height = TOP + CELL_Y * nMels + BOTTOM;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (int m = 0; m < nMels; m++) {
        int y = TOP + CELL_Y * (nMels - 1 - m);
        for (int t = 0; t < frames; t++) {
          g.setColor(colour((values[m * frames + t] - lo) / span));
          g.fillRect(LEFT + CELL_X * t, y, CELL_X, CELL_Y);
        }
      }
      int barX = LEFT + CELL_X * frames + 8;
      int cells = CELL_Y * nMels;
      for (int y = 0; y < cells; y++) {
        g.setColor(colour(1 - y / (double) Math.max(1, cells - 1)));
        g.fillRect(barX, TOP + y, BAR, 1);
      }
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      g.drawString(String.format(Locale.ROOT, "%.1f", hi), barX + BAR + 3, TOP + 9);
      g.drawString(String.format(Locale.ROOT, "%.1f", lo), barX + BAR + 3, TOP + cells);
      g.drawString("frames (" + frames + ")", LEFT, TOP + cells + 16);
      g.drawString("mel", 4, TOP + cells / 2);
      g.drawString("0", LEFT - 10, TOP + cells);
      g.drawString(Integer.toString(nMels - 1), 4, TOP + 9);
      if (!title.isEmpty()) {
        g.drawString(title, LEFT + 100, TOP + cells + 16);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Draws a spectrogram ({@link #render}) and writes it as a PNG, through a temporary file and a
   * rename.
   *
   * @param values {@code [nMels, frames]} in C order
   * @param nMels the mel bins
   * @param title drawn below the cells, may be empty
   * @param png the file to write
   * @throws IOException when the file cannot be written
   */
  public static void write(float[] values, int nMels, String title, Path png) throws IOException {
    BufferedImage img = render(values, nMels, title);
    AtomicFiles.writeStream(
        png,
        out -> {
          if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer for " + png);
          }
        });
  }
}
