package dev.sure4j.speech.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PreprocessorConfig;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioDatasetTest {

  @TempDir Path dir;

  /** Clip i has 400 + 100 * i samples, every sample equal to (i + 1) / 16 (exact in 16-bit PCM). */
  private List<ManifestEntry> entries(int n, int corruptIndex) throws IOException {
    List<ManifestEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = dir.resolve("clip" + i + ".wav");
      if (i == corruptIndex) {
        Files.write(f, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3});
      } else {
        float[] x = new float[400 + 100 * i];
        Arrays.fill(x, (i + 1) / 16f);
        WavWriter.write(f, AudioClip.mono(x, 16000), SampleFormat.PCM_S16);
      }
      out.add(new ManifestEntry(f, Map.of("label", String.valueOf(i)), i + 2));
    }
    return out;
  }

  private static AudioPipeline pipeline() {
    return AudioPipeline.builder()
        .optConfig(new PreprocessorConfig(false, 16000, 1, 0f, false))
        .build();
  }

  private static final BatchLabels IDS =
      (m, es) ->
          new NDList(
              m.create(es.stream().mapToLong(e -> Long.parseLong(e.get("label"))).toArray()));

  @Test
  void batchesPadWaveformsAndCarryLengthsAndLabels() throws IOException {
    AudioDataset ds =
        AudioDataset.builder()
            .setEntries(entries(5, -1))
            .setPipeline(pipeline())
            .setLabels(IDS)
            .optBatchSize(2)
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      List<Long> seen = new ArrayList<>();
      int batches = 0;
      for (Batch b : ds.getData(m)) {
        try (b) {
          batches++;
          float[][] waves = new float[b.getSize()][];
          long[] lengths = b.getData().get(1).toLongArray();
          long[] ids = b.getLabels().head().toLongArray();
          long width = b.getData().head().getShape().get(1);
          for (int r = 0; r < ids.length; r++) {
            waves[r] = b.getData().head().get(r).toFloatArray();
            int i = (int) ids[r];
            assertEquals(400 + 100 * i, lengths[r], "length of clip " + i);
            for (int s = 0; s < width; s++) {
              float expected = s < lengths[r] ? (i + 1) / 16f : 0f;
              assertEquals(expected, waves[r][s], 1e-6, "clip " + i + " sample " + s);
            }
            seen.add(ids[r]);
          }
        }
      }
      assertEquals(3, batches);
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen, "without shuffling the manifest order");
      assertEquals(0, ds.skipped());
    }
  }

  @Test
  void anUnreadableFileIsReportedOnceSkippedAndCounted() throws IOException {
    List<String> warnings = new ArrayList<>();
    AudioDataset ds =
        AudioDataset.builder()
            .setEntries(entries(5, 2))
            .setPipeline(pipeline())
            .setLabels(IDS)
            .optBatchSize(2)
            .optCache(true)
            .optWarnings(warnings::add)
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      for (int pass = 0; pass < 2; pass++) {
        List<Long> seen = new ArrayList<>();
        for (Batch b : ds.getData(m)) {
          try (b) {
            for (long id : b.getLabels().head().toLongArray()) {
              seen.add(id);
            }
          }
        }
        assertEquals(List.of(0L, 1L, 3L, 4L), seen, "pass " + pass);
      }
    }
    assertEquals(1, ds.skipped());
    assertEquals(2, ds.skippedReads(), "left out once per pass");
    assertEquals(1, warnings.size(), "reported once: " + warnings);
    assertTrue(warnings.get(0).contains("clip2.wav"), warnings.get(0));
    assertTrue(warnings.get(0).contains("line 4"), warnings.get(0));
    assertEquals(warnings, ds.failures());
  }

  @Test
  void aBatchWhoseFilesAllFailIsDropped() throws IOException {
    List<ManifestEntry> es = entries(3, 0);
    AudioDataset ds =
        AudioDataset.builder()
            .setEntries(es)
            .setPipeline(pipeline())
            .setLabels(IDS)
            .optBatchSize(1)
            .optWarnings(w -> {})
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      int batches = 0;
      for (Batch b : ds.getData(m)) {
        try (b) {
          batches++;
        }
      }
      assertEquals(2, batches);
    }
  }

  @Test
  void shufflingFollowsTheEngineSeed() throws IOException {
    AudioDataset ds =
        AudioDataset.builder()
            .setEntries(entries(8, -1))
            .setPipeline(pipeline())
            .setLabels(IDS)
            .optBatchSize(8)
            .optShuffle(true)
            .optCache(true)
            .build();
    long[][] orders = new long[3][];
    long[] seeds = {7, 7, 8};
    try (NDManager m = NDManager.newBaseManager()) {
      for (int k = 0; k < 3; k++) {
        Engine.getInstance().setRandomSeed((int) seeds[k]);
        for (Batch b : ds.getData(m)) {
          try (b) {
            orders[k] = b.getLabels().head().toLongArray();
          }
        }
      }
    }
    assertArrayEquals(orders[0], orders[1], "same seed, same order");
    long[] sorted = orders[0].clone();
    Arrays.sort(sorted);
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, sorted, "a permutation");
    assertTrue(!Arrays.equals(orders[0], orders[2]), "another seed, another order (8! orders)");
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AudioDataset.builder().setEntries(List.of()).setLabels(IDS).build());
    assertTrue(e.getMessage().contains("entries"), e.getMessage());
  }
}
