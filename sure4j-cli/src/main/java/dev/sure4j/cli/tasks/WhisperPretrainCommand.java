package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.TrainingThreadsOption;
import dev.sure4j.speech.whisper.train.WhisperAsrScores;
import dev.sure4j.speech.whisper.train.WhisperModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j whisper-pretrain}: trains a small Whisper-architecture model from random weights
 * for speech recognition and writes it as a Hugging Face directory. The geometry, tokenizer and
 * generation rules come from a template directory ({@code --init}, by default the bundled {@code
 * models/mini-whisper}, whose weights are ignored); the weights are initialised as {@link
 * WhisperModelFiles#writeInitial} says and trained by full fine-tuning on the one training engine
 * (the path of {@code ./sure4j train --task asr --method full}), and the checkpoint with the best
 * validation loss is written to {@code --out}.
 */
@Command(
    name = "whisper-pretrain",
    description =
        "Pre-train a small Whisper from random weights on transcribed manifests (sequence to"
            + " sequence, full fine-tuning) and write a Hugging Face Whisper directory.")
public final class WhisperPretrainCommand implements Callable<Integer> {

  @Option(
      names = "--init",
      defaultValue = "models/mini-whisper",
      description =
          "Template directory: config.json (geometry), tokenizer, generation and preprocessor"
              + " files; weights in it are ignored (default: ${DEFAULT-VALUE}).")
  Path init;

  @Option(
      names = "--data",
      defaultValue = "data/mini/whisper",
      description =
          "Manifests path,transcript: train.csv, val.csv (best checkpoint by loss) and test.csv"
              + " (WER before and after) (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--out",
      defaultValue = "models/mini-whisper",
      description =
          "The model directory to write, replaced atomically (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--run",
      defaultValue = "runs/whisper-pretrain",
      description =
          "Run directory: init/ (the random weights), training/ (checkpoints), metrics.json and"
              + " test_transcripts.tsv (default: ${DEFAULT-VALUE}).")
  Path run;

  @Mixin TrainingRunOptions settings;

  @Mixin DeviceOption device;

  @Mixin TrainingThreadsOption threads;

  @Option(
      names = "--resume",
      description = "Continue the run in --run/training from its last checkpoint.")
  boolean resume;

  /** Random weights are not decoded before training: their WER is about 1 and takes long. */
  private static final WhisperAsrScores NOT_SCORED =
      new WhisperAsrScores(Double.NaN, Double.NaN, List.of(), List.of());

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.deviceWithThreads(threads.value());
    Path initial = run.resolve("init");
    if (!resume) {
      WhisperModelFiles.writeInitial(init, initial, settings.seed());
    }
    System.out.printf(
        "whisper-pretrain: random weights in %s (seed %d)%n", initial, settings.seed());
    int code =
        WhisperTrain.run(
            initial,
            data,
            "asr",
            "full",
            run,
            settings,
            resume,
            onDevice,
            trainer -> trainer.optModelOut(out).optScoresBefore(NOT_SCORED));
    System.out.printf("model: %s%n", out);
    return code;
  }
}
