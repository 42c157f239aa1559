package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import dev.sure4j.speech.vocoder.train.NormedConv.Norm;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference {@code DiscriminatorP}: the waveform, reflect-padded at its end to a multiple of
 * the period, is folded to {@code [batch, 1, samples / period, period]}, then five weight-normed
 * {@code Conv2d} layers with {@code (5, 1)} kernels (stride 3, 3, 3, 3, 1; channels 32, 128, 512,
 * 1024, 1024 divided by the width divisor) and {@code conv_post} ({@code (3, 1)}, one channel).
 */
final class PeriodDiscriminator extends SubDiscriminator {

  private static final int[] CHANNELS = {32, 128, 512, 1024, 1024};
  private static final int KERNEL = 5;
  private static final int STRIDE = 3;

  private final int period;

  /**
   * Creates the discriminator.
   *
   * @param period the period in samples, {@code >= 1}
   * @param divisor the width divisor (1 for the reference widths)
   */
  PeriodDiscriminator(int period, int divisor) {
    super(layers(divisor), post(divisor));
    this.period = period;
  }

  private static List<NormedConv> layers(int divisor) {
    List<NormedConv> convs = new ArrayList<>();
    int in = 1;
    for (int i = 0; i < CHANNELS.length; i++) {
      int out = DiscriminatorGeometry.width(CHANNELS[i], divisor);
      int stride = i < CHANNELS.length - 1 ? STRIDE : 1;
      convs.add(new NormedConv(true, in, out, KERNEL, stride, 1, Norm.WEIGHT));
      in = out;
    }
    return convs;
  }

  private static NormedConv post(int divisor) {
    int in = DiscriminatorGeometry.width(CHANNELS[CHANNELS.length - 1], divisor);
    return new NormedConv(true, in, 1, 3, 1, 1, Norm.WEIGHT);
  }

  @Override
  NDArray shape(NDArray wave) {
    long b = wave.getShape().get(0);
    long c = wave.getShape().get(1);
    long t = wave.getShape().get(2);
    NDArray x = wave;
    if (t % period != 0) {
      long pad = period - t % period;
      NDArray tail = wave.get(new NDIndex(":, :, {}:{}", t - 1 - pad, t - 1)).flip(2);
      x = NDArrays.concat(new ai.djl.ndarray.NDList(wave, tail), 2);
      t += pad;
    }
    return x.reshape(b, c, t / period, period);
  }
}
