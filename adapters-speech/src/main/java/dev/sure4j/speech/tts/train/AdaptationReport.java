package dev.sure4j.speech.tts.train;

import com.google.gson.GsonBuilder;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.eval.TtsTestMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an adaptation ({@link TtsRecipes#adapt}) reports in its {@code metrics.json}: the test
 * metrics before and after, the training run, the statistics and the pace.
 *
 * @param method what trained
 * @param run the training run
 * @param testUtterances how many utterances the test metrics cover
 * @param alignWeight the forward-sum loss weight of the alignment encoder, 0 when frozen
 * @param baseParameters values of the base acoustic model
 * @param before the unadapted model's test metrics, at its own pace and with the base statistics
 * @param after the adapted model's, at the fitted pace and with {@code used}
 * @param voiceStats whether {@code used} are the voice's own statistics
 * @param used the statistics the adaptation trained with
 * @param base the base model's statistics
 * @param durationScale the pace fitted to the voice ({@link DurationCalibration})
 */
record AdaptationReport(
    TtsMethod method,
    TtsTrainingResult run,
    int testUtterances,
    double alignWeight,
    long baseParameters,
    TtsTestMetrics before,
    TtsTestMetrics after,
    boolean voiceStats,
    FeatureStats used,
    FeatureStats base,
    double durationScale) {

  /**
   * Returns the metrics, keyed by their {@code metrics.json} names.
   *
   * @return a sorted map
   */
  Map<String, Object> toJson() {
    Map<String, Object> metrics = new TreeMap<>();
    metrics.put("method", method.id());
    metrics.put("steps", run.steps());
    metrics.put("train_seconds", run.seconds());
    metrics.put("test_utterances", testUtterances);
    metrics.put("trainable_params", run.trainable());
    metrics.put("align_weight", alignWeight);
    metrics.put("aligner_trainable_params", run.alignerTrainable());
    metrics.put("align_loss_first", run.meanAlign(1, false));
    metrics.put("align_loss_last10", run.meanAlign(10, true));
    metrics.put("base_params", baseParameters);
    metrics.putAll(after.toJson(""));
    metrics.putAll(before.toJson("_before"));
    metrics.put("voice_stats", voiceStats);
    metrics.putAll(statsJson(used, ""));
    metrics.putAll(statsJson(base, "_before"));
    metrics.put("mel_l1_first", run.meanMel(1, false));
    metrics.put("mel_l1_last10", run.meanMel(10, true));
    metrics.put("duration_scale", durationScale);
    return metrics;
  }

  /**
   * Writes {@link #toJson()} to a file, atomically.
   *
   * @param file the {@code metrics.json} to write
   * @return the metrics
   * @throws IOException when writing fails
   */
  Map<String, Object> write(Path file) throws IOException {
    Map<String, Object> metrics = toJson();
    AtomicFiles.writeString(
        file,
        new GsonBuilder()
                .serializeSpecialFloatingPointValues()
                .setPrettyPrinting()
                .create()
                .toJson(metrics)
            + "\n");
    return metrics;
  }

  private static Map<String, Object> statsJson(FeatureStats s, String suffix) {
    return Map.of(
        "pitch_mean_ln_hz" + suffix, s.pitchMean(),
        "pitch_std_ln_hz" + suffix, s.pitchStd(),
        "energy_mean" + suffix, s.energyMean(),
        "energy_std" + suffix, s.energyStd());
  }
}
