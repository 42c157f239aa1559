package dev.sure4j.speech.vocoder.train;

import dev.sure4j.speech.encoder.HolderBlock;
import dev.sure4j.speech.vocoder.HifiGanGenerator;

/**
 * Everything a vocoder checkpoint holds, under the names of the reference checkpoints: {@code
 * generator.*}, {@code mpd.*}, {@code msd.*} (the spectral-norm vectors {@code weight_u} included).
 * It is not run; its parts are.
 */
final class VocoderGan extends HolderBlock {

  private static final byte VERSION = 1;

  VocoderGan(
      HifiGanGenerator generator, MultiPeriodDiscriminator mpd, MultiScaleDiscriminator msd) {
    super(VERSION, "the generator and discriminators run on their own");
    addNamed("generator", generator);
    addNamed("mpd", mpd);
    addNamed("msd", msd);
  }
}
