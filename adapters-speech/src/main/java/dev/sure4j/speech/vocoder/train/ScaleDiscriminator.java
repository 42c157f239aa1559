package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import dev.sure4j.speech.vocoder.train.NormedConv.Norm;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference {@code DiscriminatorS}: seven {@code Conv1d} layers (kernels 15, 41, 41, 41, 41,
 * 41, 5; strides 1, 2, 2, 4, 4, 1, 1; groups 1, 4, 16, 16, 16, 16, 1; channels 128, 128, 256, 512,
 * 1024, 1024, 1024 divided by the width divisor) and {@code conv_post} (kernel 3, one channel),
 * weight-normed or spectral-normed. A group count that does not divide a narrowed layer's channels
 * is halved until it does ({@link DiscriminatorGeometry#groups}).
 */
final class ScaleDiscriminator extends SubDiscriminator {

  private static final int[] CHANNELS = {128, 128, 256, 512, 1024, 1024, 1024};
  private static final int[] KERNELS = {15, 41, 41, 41, 41, 41, 5};
  private static final int[] STRIDES = {1, 2, 2, 4, 4, 1, 1};
  private static final int[] GROUPS = {1, 4, 16, 16, 16, 16, 1};

  /**
   * Creates the discriminator.
   *
   * @param divisor the width divisor (1 for the reference widths)
   * @param spectral spectral norm (the first scale of the reference), else weight norm
   */
  ScaleDiscriminator(int divisor, boolean spectral) {
    super(layers(divisor, spectral ? Norm.SPECTRAL : Norm.WEIGHT), post(divisor, spectral));
  }

  private static List<NormedConv> layers(int divisor, Norm norm) {
    List<NormedConv> convs = new ArrayList<>();
    int in = 1;
    for (int i = 0; i < CHANNELS.length; i++) {
      int out = DiscriminatorGeometry.width(CHANNELS[i], divisor);
      int groups = DiscriminatorGeometry.groups(GROUPS[i], in, out);
      convs.add(new NormedConv(false, in, out, KERNELS[i], STRIDES[i], groups, norm));
      in = out;
    }
    return convs;
  }

  private static NormedConv post(int divisor, boolean spectral) {
    int in = DiscriminatorGeometry.width(CHANNELS[CHANNELS.length - 1], divisor);
    return new NormedConv(false, in, 1, 3, 1, 1, spectral ? Norm.SPECTRAL : Norm.WEIGHT);
  }

  @Override
  NDArray shape(NDArray wave) {
    return wave;
  }
}
