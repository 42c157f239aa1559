package dev.sure4j.speech.vocoder.train;

import dev.sure4j.speech.vocoder.HifiGanConfig;
import java.util.Locale;

/**
 * The geometries {@code vocoder-train --config} offers. Both keep v3's upsampling ({@code [8, 8,
 * 4]}, hop 256, the hop of the bundled TTS model) and residual blocks ("2", kernels 3, 5, 7).
 *
 * <ul>
 *   <li>{@link #V3}: the reference {@code config_v3.json} generator (256 initial channels, 1.46 M
 *       parameters) with the reference discriminators, batch 16.
 *   <li>{@link #TINY}: 32 initial channels and discriminators 16 times narrower, batch 4: small
 *       enough to train on 2 CPU cores.
 * </ul>
 */
public enum VocoderPreset {
  /** The reference v3 generator and discriminators. */
  V3(256, 1, 16),
  /** A narrow generator and discriminators for CPU training. */
  TINY(32, 16, 4);

  private final int initialChannels;
  private final int widthDivisor;
  private final int batch;

  VocoderPreset(int initialChannels, int widthDivisor, int batch) {
    this.initialChannels = initialChannels;
    this.widthDivisor = widthDivisor;
    this.batch = batch;
  }

  /**
   * Parses a {@code --config} value.
   *
   * @param name {@code v3} or {@code tiny}, any case
   * @return the preset
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static VocoderPreset parse(String name) {
    for (VocoderPreset p : values()) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("vocoder config must be v3 or tiny, got '" + name + "'");
  }

  /**
   * Returns the generator's {@code config.json} text, with the official keys.
   *
   * @param numMels mel channels of the input
   * @param samplingRate the output rate in Hz
   * @return the JSON text
   */
  public String generatorJson(int numMels, int samplingRate) {
    return String.format(
        Locale.ROOT,
        "{%n  \"resblock\": \"2\",%n  \"upsample_rates\": [8, 8, 4],%n"
            + "  \"upsample_kernel_sizes\": [16, 16, 8],%n  \"upsample_initial_channel\": %d,%n"
            + "  \"resblock_kernel_sizes\": [3, 5, 7],%n"
            + "  \"resblock_dilation_sizes\": [[1, 2], [2, 6], [3, 12]],%n"
            + "  \"num_mels\": %d,%n  \"sampling_rate\": %d%n}%n",
        initialChannels,
        numMels,
        samplingRate);
  }

  /**
   * Returns the generator's geometry.
   *
   * @param numMels mel channels of the input
   * @param samplingRate the output rate in Hz
   * @return the config
   */
  public HifiGanConfig generator(int numMels, int samplingRate) {
    return HifiGanConfig.parse(generatorJson(numMels, samplingRate));
  }

  /**
   * Returns the discriminators' geometry (the reference periods).
   *
   * @return the geometry
   */
  public DiscriminatorGeometry discriminators() {
    return DiscriminatorGeometry.of(widthDivisor);
  }

  /**
   * Returns the default batch size.
   *
   * @return segments per update
   */
  public int batch() {
    return batch;
  }
}
