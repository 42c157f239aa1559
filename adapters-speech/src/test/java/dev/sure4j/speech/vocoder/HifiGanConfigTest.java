package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HifiGanConfigTest {

  /** The generator keys of jik876/hifi-gan config_v1.json, with some of its training keys. */
  static final String V1 =
      """
      {"resblock": "1", "num_gpus": 0, "batch_size": 16, "learning_rate": 0.0002,
       "upsample_rates": [8,8,2,2], "upsample_kernel_sizes": [16,16,4,4],
       "upsample_initial_channel": 512, "resblock_kernel_sizes": [3,7,11],
       "resblock_dilation_sizes": [[1,3,5], [1,3,5], [1,3,5]],
       "segment_size": 8192, "num_mels": 80, "num_freq": 1025, "n_fft": 1024,
       "hop_size": 256, "win_size": 1024, "sampling_rate": 22050, "fmin": 0, "fmax": 8000}
      """;

  static final String V3 =
      """
      {"resblock": "2", "upsample_rates": [8,8,4], "upsample_kernel_sizes": [16,16,8],
       "upsample_initial_channel": 256, "resblock_kernel_sizes": [3,5,7],
       "resblock_dilation_sizes": [[1,2], [2,6], [3,12]]}
      """;

  /** The tiny resblock-1 geometry of the parity fixture, 16 samples per frame. */
  static final HifiGanConfig TINY =
      new HifiGanConfig(
          "1",
          List.of(4, 4),
          List.of(8, 8),
          32,
          List.of(3, 5),
          List.of(List.of(1, 3, 5), List.of(1, 3, 5)),
          80,
          22_050);

  @Test
  void readsTheOfficialV1Config() {
    HifiGanConfig c = HifiGanConfig.parse(V1);
    assertEquals("1", c.resblock());
    assertEquals(List.of(8, 8, 2, 2), c.upsampleRates());
    assertEquals(List.of(16, 16, 4, 4), c.upsampleKernelSizes());
    assertEquals(512, c.upsampleInitialChannel());
    assertEquals(List.of(3, 7, 11), c.resblockKernelSizes());
    assertEquals(
        List.of(List.of(1, 3, 5), List.of(1, 3, 5), List.of(1, 3, 5)), c.resblockDilationSizes());
    assertEquals(80, c.numMels());
    assertEquals(22050, c.samplingRate());
    assertEquals(256, c.hopLength());
    assertEquals(32, c.channelsAfter(3));
  }

  @Test
  void absentNumMelsAndSamplingRateTakeTheDefaults() {
    HifiGanConfig c = HifiGanConfig.parse(V3);
    assertEquals("2", c.resblock());
    assertEquals(80, c.numMels());
    assertEquals(22050, c.samplingRate());
    assertEquals(256, c.hopLength());
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertMessage(V1.replace("\"resblock\": \"1\"", "\"resblock\": \"3\""), "resblock", "3");
    assertMessage(V1.replace("\"resblock\": \"1\"", "\"resblock\": 1"), "resblock", "1");
    assertMessage(V1.replace("[8,8,2,2]", "[8,\"8\",2,2]"), "upsample_rates[1]", "\"8\"");
    assertMessage(V1.replace("[16,16,4,4]", "[16,16,4]"), "upsample_kernel_sizes", "[16, 16, 4]");
    assertMessage(V1.replace("[16,16,4,4]", "[16,15,4,4]"), "upsample_kernel_sizes[1]", "15");
    assertMessage(V1.replace("512", "500"), "upsample_initial_channel", "500");
    assertMessage(V1.replace("[3,7,11]", "[3,8,11]"), "resblock_kernel_sizes[1]", "8");
    assertMessage(
        V1.replace("[[1,3,5], [1,3,5], [1,3,5]]", "[[1,3,5], [1,3], [1,3,5]]"),
        "resblock_dilation_sizes[1]",
        "[1, 3]");
    assertMessage(
        V3.replace("\"resblock\": \"2\"", "\"resblock\": \"1\""),
        "resblock_dilation_sizes[0]",
        "[1, 2]");
    assertMessage(V1.replace("\"num_mels\": 80", "\"num_mels\": 80.5"), "num_mels", "80.5");
    assertMessage(
        V1.replace("\"upsample_initial_channel\": 512,", ""),
        "upsample_initial_channel",
        "missing");
  }

  private static void assertMessage(String json, String key, String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HifiGanConfig.parse(json));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }
}
