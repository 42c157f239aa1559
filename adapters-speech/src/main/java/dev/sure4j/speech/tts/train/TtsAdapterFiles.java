package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.tts.data.FeatureStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A TTS adaptation's directory: for an adapter method the usual adapter files ({@link
 * AdapterFiles}: {@code adapter_config.json} with provenance and {@code
 * adapter_model.safetensors}), for {@link TtsMethod#SPEAKER} the speaker table alone ({@value
 * #SPEAKER_FILE}); with {@link AdaptationStats#VOICE} also the new voice's pitch and energy
 * statistics ({@value VoiceStatsFile#FILE}), and the pace fitted to the voice ({@value
 * PaceFile#FILE}). The directory is written to a temporary sibling and swapped in as a whole
 * ({@link AtomicFiles#writeDirectory}), and read back with every name and shape checked.
 */
public final class TtsAdapterFiles {

  /** The adapter name under which a TTS adaptation is attached. */
  public static final String ADAPTER = "voice";

  /** The speaker-table file of {@link TtsMethod#SPEAKER}. */
  public static final String SPEAKER_FILE = "speaker_emb.safetensors";

  private TtsAdapterFiles() {}

  /**
   * Saves an adaptation.
   *
   * @param dir the directory
   * @param method the method trained
   * @param block the model
   * @param adapters the wrapped model holding adapter {@value #ADAPTER}, for adapter methods
   * @param provenance the base model, data and seed
   * @param voiceStats the statistics the adaptation trained with when they are the voice's own
   *     ({@link AdaptationStats#VOICE}), empty when it kept the base model's
   * @param durationScale the pace fitted to the voice ({@link PaceFile}), empty for the model's own
   * @throws IOException when writing fails; the directory is then unchanged
   */
  public static void save(
      Path dir,
      TtsMethod method,
      TtsTrainingBlock block,
      AdapterModel adapters,
      Provenance provenance,
      Optional<FeatureStats> voiceStats,
      OptionalDouble durationScale)
      throws IOException {
    checkArgument(
        !method.equals(TtsMethod.BASE), "base training saves a model directory, not an adapter");
    AtomicFiles.writeDirectory(
        dir,
        tmp -> {
          if (method.equals(TtsMethod.SPEAKER)) {
            ParameterFiles.write(tmp.resolve(SPEAKER_FILE), speakerTable(block));
          } else {
            AdapterFiles.save(adapters, ADAPTER, tmp, provenance);
          }
          if (voiceStats.isPresent()) {
            VoiceStatsFile.write(tmp, voiceStats.get());
          }
          if (durationScale.isPresent()) {
            PaceFile.write(tmp, durationScale.getAsDouble());
          }
        });
  }

  /**
   * A loaded adaptation.
   *
   * @param method {@code speaker table} or the adapter's method
   * @param voiceStats the voice's own pitch and energy statistics ({@value VoiceStatsFile#FILE}),
   *     empty when the adaptation kept the base model's (or predates the file)
   * @param durationScale the pace fitted to the voice ({@value PaceFile#FILE}), 1 when the
   *     directory has none
   */
  public record Loaded(String method, Optional<FeatureStats> voiceStats, double durationScale) {

    /**
     * Returns the statistics that turn the adapted model's predicted pitch and energy (z-scores)
     * back into {@code ln F0} and energy.
     *
     * @param base the base model's statistics ({@link TtsModelConfig#stats()})
     * @return the voice's own, else {@code base}
     */
    public FeatureStats stats(FeatureStats base) {
      return voiceStats.orElse(base);
    }
  }

  /**
   * Loads an adaptation into a model: the speaker table, or adapter {@value #ADAPTER}, attached and
   * active.
   *
   * @param dir the directory written by {@link #save}
   * @param block the base model
   * @return what was loaded, with the voice's statistics if the directory has them
   * @throws IOException when a file is missing or does not fit the model
   * @throws IllegalArgumentException when {@value VoiceStatsFile#FILE} or {@value PaceFile#FILE} is
   *     malformed (before the model is touched)
   */
  public static Loaded load(Path dir, TtsTrainingBlock block) throws IOException {
    Optional<FeatureStats> voiceStats = VoiceStatsFile.read(dir);
    double pace = PaceFile.read(dir).orElse(1.0);
    if (Files.isRegularFile(dir.resolve(SPEAKER_FILE))) {
      ParameterFiles.readExact(dir.resolve(SPEAKER_FILE), speakerTable(block), "the speaker table");
      return new Loaded("speaker table", voiceStats, pace);
    }
    AdapterModel adapters = AdapterModel.wrap(block.model());
    String method = AdapterFiles.load(adapters, dir, ADAPTER).spec().getClass().getSimpleName();
    adapters.setActiveAdapters(ADAPTER);
    return new Loaded(method, voiceStats, pace);
  }

  private static Map<String, Parameter> speakerTable(TtsTrainingBlock block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    StateDict.of(block.model(), "")
        .forEach(
            (k, p) -> {
              if (k.startsWith("speaker_emb.")) {
                out.put(k, p);
              }
            });
    return out;
  }
}
