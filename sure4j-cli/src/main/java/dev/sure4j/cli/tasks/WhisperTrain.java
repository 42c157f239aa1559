package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.corpora.TaskNames;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskType;
import dev.sure4j.speech.whisper.train.WhisperRun;
import dev.sure4j.speech.whisper.train.WhisperTrainer;
import dev.sure4j.speech.whisper.train.WhisperTrainerBuilder;
import dev.sure4j.speech.whisper.train.WhisperWhere;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code ./sure4j train --task asr --model WHISPER_DIR}: sequence-to-sequence training of a Whisper
 * directory with one method ({@link WhisperTrainer}); the checkpoint kept is the one of the best
 * validation loss, and {@code metrics.json} reports test WER and CER before and after.
 */
final class WhisperTrain {

  private WhisperTrain() {}

  /**
   * Tells whether {@code train} on a Whisper {@code --model} is sequence-to-sequence transcription
   * (this class) rather than a SURE head on Whisper's encoder ({@code TaskTrainer}): {@code --task
   * asr}, {@code --type ctc}, or, with neither, data whose manifests hold transcripts.
   *
   * @param task the {@code --task} value, or null
   * @param type the {@code --type} value, or null
   * @param data the {@code --data} value
   * @return whether the run transcribes
   * @throws IOException when the data cannot be read
   */
  static boolean transcribes(String task, String type, String data) throws IOException {
    if (task != null) {
      return task.equals("asr");
    }
    if (type != null) {
      return TaskType.parse(type) == TaskType.CTC;
    }
    String name = Path.of(data).getFileName().toString();
    return TaskSources.typeOf(TaskSources.read(data, name), null, data, name) == TaskType.CTC;
  }

  /**
   * Runs the training and prints the results.
   *
   * @param model the Whisper directory
   * @param data the {@code --data} value
   * @param taskName the task name (asr)
   * @param method the {@code --method} value
   * @param out the output directory
   * @param settings the recipe, batch size, seed, {@code --where}, {@code --label-smoothing} and
   *     {@code --max-new-tokens}
   * @param resume whether to resume {@code out/training}
   * @param device the device
   * @param extra further settings of the trainer ({@code whisper-pretrain}: the model's output)
   * @return the exit code
   * @throws Exception when the data, model or outputs cannot be read or written
   */
  static int run(
      Path model,
      String data,
      String taskName,
      String method,
      Path out,
      TrainingRunOptions settings,
      boolean resume,
      Device device,
      UnaryOperator<WhisperTrainerBuilder> extra)
      throws Exception {
    if (!"asr".equals(TaskNames.sure(taskName).orElse(taskName))) {
      throw new IllegalArgumentException(
          "a Whisper --model trains --task asr, got --task " + taskName);
    }
    TaskData taskData = TaskSources.read(data, taskName);
    MethodVariant m = AdapterMethods.variant(Preset.SURE, method);
    TrainingConfig config =
        settings
            .recipe()
            .config(m.learningRate(), settings.seed(), settings.batchSize())
            .toBuilder()
            .optMetric(TrainingConfig.EVAL_LOSS, false)
            .build();
    WhisperWhere where = WhisperWhere.parse(settings.whisper().where);
    System.out.printf(
        Locale.ROOT,
        "train: Whisper asr with %s on the %s of %s (%d train / %d val / %d test utterances)%n",
        m.label(),
        where == WhisperWhere.BOTH ? "encoder and decoder" : where.name().toLowerCase(Locale.ROOT),
        model,
        taskData.train().size(),
        taskData.val().size(),
        taskData.test().size());
    WhisperTrainerBuilder trainer =
        WhisperTrainer.builder()
            .setModelDir(model)
            .setMethod(BackboneKind.WHISPER.presetSpec(m.spec()))
            .optWhere(where)
            .setData(taskData)
            .setOutputDir(out)
            .optConfig(config)
            .optLabelSmoothing(settings.whisper().labelSmoothing)
            .optMaxNewTokens(settings.maxNewTokens())
            .optResume(resume)
            .optDevice(device)
            .optDataDescription(data + " " + taskName);
    WhisperRun run = extra.apply(trainer).build().run();
    System.out.printf(
        Locale.ROOT,
        "test wer %.4f cer %.4f (before: wer %.4f cer %.4f); %,d trainable of %,d parameters;"
            + " %.1f s, %d steps%n",
        run.wer(),
        run.cer(),
        run.werBefore(),
        run.cerBefore(),
        run.trainableParams(),
        run.totalParams(),
        run.trainSeconds(),
        run.steps());
    System.out.printf(
        "adapter: %s%nmetrics: %s%n", run.adapterDir(), out.resolve(WhisperTrainer.METRICS_FILE));
    return 0;
  }
}
