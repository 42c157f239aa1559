package dev.sure4j.speech.vocoder;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.config.ConfigJson;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The geometry of a HiFi-GAN generator, read from the official {@code config.json} (jik876/hifi-gan
 * {@code config_v1.json}, {@code config_v2.json}, {@code config_v3.json}) under its own key names.
 * Keys the generator does not use (training, STFT and loss settings) are ignored.
 *
 * @param resblock {@code resblock}: {@code "1"} (two convolutions per dilation, three dilations) or
 *     {@code "2"} (one convolution per dilation, two dilations)
 * @param upsampleRates {@code upsample_rates}: the stride of each transposed convolution; their
 *     product is the number of samples per mel frame (the hop, 256 in v1)
 * @param upsampleKernelSizes {@code upsample_kernel_sizes}: one kernel per upsampling layer
 * @param upsampleInitialChannel {@code upsample_initial_channel}: channels after {@code conv_pre},
 *     halved by each upsampling layer (512 in v1, 128 in v2, 256 in v3)
 * @param resblockKernelSizes {@code resblock_kernel_sizes}: the kernel of each parallel residual
 *     block after every upsampling layer (odd, {@code [3, 7, 11]} in v1)
 * @param resblockDilationSizes {@code resblock_dilation_sizes}: one dilation list per residual
 *     block, three entries for resblock 1 and two for resblock 2
 * @param numMels {@code num_mels}, the input channels of {@code conv_pre}; 80 when absent
 * @param samplingRate {@code sampling_rate}, in Hz, of the waveform the generator produces; 22,050
 *     when absent
 */
public record HifiGanConfig(
    String resblock,
    List<Integer> upsampleRates,
    List<Integer> upsampleKernelSizes,
    int upsampleInitialChannel,
    List<Integer> resblockKernelSizes,
    List<List<Integer>> resblockDilationSizes,
    int numMels,
    int samplingRate) {

  /** The default {@code num_mels}. */
  public static final int DEFAULT_NUM_MELS = 80;

  /** The default {@code sampling_rate}, in Hz. */
  public static final int DEFAULT_SAMPLING_RATE = 22_050;

  /** Validates the geometry and copies the lists. */
  public HifiGanConfig {
    checkArgument(
        "1".equals(resblock) || "2".equals(resblock),
        "config key resblock must be \"1\" or \"2\": %s",
        resblock);
    upsampleRates = ImmutableList.copyOf(upsampleRates);
    upsampleKernelSizes = ImmutableList.copyOf(upsampleKernelSizes);
    resblockKernelSizes = ImmutableList.copyOf(resblockKernelSizes);
    resblockDilationSizes =
        resblockDilationSizes.stream()
            .map(ImmutableList::copyOf)
            .collect(ImmutableList.toImmutableList());
    checkArgument(!upsampleRates.isEmpty(), "config key upsample_rates is empty");
    checkArgument(
        upsampleKernelSizes.size() == upsampleRates.size(),
        "config key upsample_kernel_sizes %s must have one entry per upsample_rates entry %s",
        upsampleKernelSizes,
        upsampleRates);
    for (int i = 0; i < upsampleRates.size(); i++) {
      int u = upsampleRates.get(i);
      int k = upsampleKernelSizes.get(i);
      checkArgument(u > 0, "config key upsample_rates[%s] must be > 0: %s", i, u);
      checkArgument(
          k >= u && (k - u) % 2 == 0,
          "config key upsample_kernel_sizes[%s] must be >= upsample_rates[%s] = %s and differ from"
              + " it by an even number, so the layer upsamples exactly: %s",
          i,
          i,
          u,
          k);
    }
    int halvings = upsampleRates.size();
    checkArgument(
        upsampleInitialChannel > 0
            && halvings < 31
            && upsampleInitialChannel % (1 << halvings) == 0,
        "config key upsample_initial_channel must be a positive multiple of 2^%s (one halving per"
            + " upsampling layer): %s",
        halvings,
        upsampleInitialChannel);
    checkArgument(!resblockKernelSizes.isEmpty(), "config key resblock_kernel_sizes is empty");
    checkArgument(
        resblockDilationSizes.size() == resblockKernelSizes.size(),
        "config key resblock_dilation_sizes %s must have one entry per resblock_kernel_sizes entry"
            + " %s",
        resblockDilationSizes,
        resblockKernelSizes);
    int dilations = "1".equals(resblock) ? 3 : 2;
    for (int j = 0; j < resblockKernelSizes.size(); j++) {
      int k = resblockKernelSizes.get(j);
      checkArgument(
          k > 0 && k % 2 == 1, "config key resblock_kernel_sizes[%s] must be odd: %s", j, k);
      List<Integer> d = resblockDilationSizes.get(j);
      checkArgument(
          d.size() == dilations && d.stream().allMatch(x -> x > 0),
          "config key resblock_dilation_sizes[%s] must hold %s positive dilations for resblock"
              + " \"%s\": %s",
          j,
          dilations,
          resblock,
          d);
    }
    checkArgument(numMels > 0, "config key num_mels must be > 0: %s", numMels);
    checkArgument(samplingRate > 0, "config key sampling_rate must be > 0: %s", samplingRate);
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param json the JSON text
   * @return the config
   * @throws IllegalArgumentException naming the key and the value when one is missing or invalid
   */
  public static HifiGanConfig parse(String json) {
    ConfigJson j = ConfigJson.parse(json);
    return new HifiGanConfig(
        j.string("resblock", null),
        j.ints("upsample_rates"),
        j.ints("upsample_kernel_sizes"),
        j.integer("upsample_initial_channel"),
        j.ints("resblock_kernel_sizes"),
        j.intLists("resblock_dilation_sizes"),
        j.integer("num_mels", DEFAULT_NUM_MELS),
        j.integer("sampling_rate", DEFAULT_SAMPLING_RATE));
  }

  /**
   * Reads a {@code config.json} file.
   *
   * @param file the file
   * @return the config
   * @throws IllegalArgumentException naming the file, key and value when the config is invalid
   * @throws UncheckedIOException when the file cannot be read
   */
  public static HifiGanConfig fromFile(Path file) {
    return ConfigJson.readFile(file, HifiGanConfig::parse);
  }

  /**
   * Returns the number of waveform samples per mel frame, the product of the upsampling rates.
   *
   * @return samples per frame (256 in v1)
   */
  public int hopLength() {
    return upsampleRates.stream().reduce(1, Math::multiplyExact);
  }

  /**
   * Returns the channels after upsampling layer {@code i}: {@code upsample_initial_channel / 2^(i +
   * 1)}.
   *
   * @param i an upsampling layer, from 0
   * @return channels
   */
  public int channelsAfter(int i) {
    return upsampleInitialChannel >> (i + 1);
  }
}
