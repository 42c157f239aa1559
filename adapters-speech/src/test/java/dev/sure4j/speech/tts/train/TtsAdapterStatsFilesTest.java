package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice statistics of an adaptation directory ({@link VoiceStatsFile}): saved with the speaker
 * table or an adapter and read back by {@link TtsAdapterFiles#load}, absent in a directory that
 * kept the base statistics (which then apply), and a broken file refused with its name.
 */
class TtsAdapterStatsFilesTest extends ManagedTest {

  private static final FeatureStats BASE = new FeatureStats(4.5, 0.2, 16, 12);
  private static final FeatureStats VOICE = new FeatureStats(5.3, 0.15, 9.25, 7.5);
  private static final Provenance PROVENANCE = Provenance.builder().setBaseModel("base").build();

  @TempDir Path dir;

  private TtsTrainingBlock block() {
    return TtsTrainingBlock.create(manager, FastSpeechConfig.tiny(12, 80, 2), 32);
  }

  private static double[] values(FeatureStats s) {
    return new double[] {s.pitchMean(), s.pitchStd(), s.energyMean(), s.energyStd()};
  }

  @Test
  void speakerTableAndAdapterDirectoriesKeepTheVoiceStatistics() throws Exception {
    Path speaker = dir.resolve("speaker");
    saveSpeaker(speaker, Optional.of(VOICE), OptionalDouble.empty());
    TtsAdapterFiles.Loaded s = TtsAdapterFiles.load(speaker, block());
    assertEquals("speaker table", s.method());
    assertArrayEquals(values(VOICE), values(s.stats(BASE)), 0);

    TtsTrainingBlock lora = block();
    AdapterModel adapters = AdapterModel.wrap(lora.model());
    adapters.addAdapter(TtsAdapterFiles.ADAPTER, TtsMethod.parse("lora").spec().orElseThrow());
    Path adapter = dir.resolve("lora");
    TtsAdapterFiles.save(
        adapter,
        TtsMethod.parse("lora"),
        lora,
        adapters,
        PROVENANCE,
        Optional.of(VOICE),
        OptionalDouble.empty());
    assertTrue(Files.isRegularFile(adapter.resolve("adapter_model.safetensors")));
    TtsAdapterFiles.Loaded a = TtsAdapterFiles.load(adapter, block());
    assertArrayEquals(values(VOICE), values(a.voiceStats().orElseThrow()), 0);
  }

  @Test
  void aDirectoryWithoutTheFileUsesTheBaseStatistics() throws Exception {
    Path out = dir.resolve("speaker");
    saveSpeaker(out, Optional.of(VOICE), OptionalDouble.empty());
    // saving again without voice statistics replaces the whole directory: no stale file
    saveSpeaker(out, Optional.empty(), OptionalDouble.empty());
    assertFalse(Files.exists(out.resolve(VoiceStatsFile.FILE)));
    TtsAdapterFiles.Loaded loaded = TtsAdapterFiles.load(out, block());
    assertTrue(loaded.voiceStats().isEmpty());
    assertArrayEquals(values(BASE), values(loaded.stats(BASE)), 0);
  }

  private void saveSpeaker(Path out, Optional<FeatureStats> stats, OptionalDouble pace)
      throws IOException {
    TtsAdapterFiles.save(out, TtsMethod.SPEAKER, block(), null, PROVENANCE, stats, pace);
  }

  /** Saves a speaker adaptation with neither file, then loads it with each text in the file. */
  private void assertEachRefusedWithItsName(String fileName, String... broken) throws Exception {
    Path out = dir.resolve("broken");
    saveSpeaker(out, Optional.empty(), OptionalDouble.empty());
    Path file = out.resolve(fileName);
    for (String text : broken) {
      Files.writeString(file, text);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TtsAdapterFiles.load(out, block()));
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void aBrokenFileIsRefusedWithItsName() throws Exception {
    assertEachRefusedWithItsName(
        VoiceStatsFile.FILE,
        "{\"pitchMean\": 5.3, \"pitchStd\": 0.1",
        "{\"pitchMean\": 5.3, \"pitchStd\": 0.1, \"energyMean\": 9}",
        "{\"pitchMean\": 5.3, \"pitchStd\": 0, \"energyMean\": 9, \"energyStd\": 7}",
        "[1, 2, 3, 4]");
  }

  @Test
  void thePaceIsSavedWithTheAdaptationAndOneWithoutItSpeaksAtTheModelsOwn() throws Exception {
    Path out = dir.resolve("paced");
    saveSpeaker(out, Optional.empty(), OptionalDouble.of(1.25));
    assertEquals(1.25, TtsAdapterFiles.load(out, block()).durationScale(), 0);
    saveSpeaker(out, Optional.empty(), OptionalDouble.empty());
    assertFalse(Files.exists(out.resolve(PaceFile.FILE)));
    assertEquals(1.0, TtsAdapterFiles.load(out, block()).durationScale(), 0);
  }

  @Test
  void aBrokenPaceIsRefusedWithItsName() throws Exception {
    assertEachRefusedWithItsName(
        PaceFile.FILE,
        "{\"durationScale\": 0}",
        "{\"durationScale\": -1.2}",
        "{\"durationScale\": \"slow\"}",
        "{\"pace\": 1.1}",
        "{\"durationScale\": 1e999}",
        "1.1");
  }
}
