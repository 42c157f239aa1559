package dev.sure4j.speech.whisper.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.train.AdapterFileCheckpoints;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.AdapterTrainerBuilder;
import dev.sure4j.adapters.train.TrainingResult;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperGreedyDecoder;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fine-tunes a Hugging Face Whisper directory for speech recognition with one adapter method (or
 * full fine-tuning), end to end, on the one training engine ({@link AdapterTrainer}): scores the
 * unadapted model on the test split, attaches the method to the encoder, the decoder or both
 * ({@link WhisperWhere}), trains with teacher forcing ({@link WhisperDataset}, {@link
 * Seq2SeqLoss}), keeps the checkpoint of the best validation loss, scores it on the test split
 * (greedy decoding, WER and CER after {@link BasicTextNormalizer}) and writes the results.
 *
 * <pre>{@code
 * WhisperRun run = WhisperTrainer.builder()
 *     .setModelDir(Path.of("whisper-tiny"))
 *     .setMethod(LoraSpec.builder().build())
 *     .setData(TaskData.fromManifests(Path.of("data/mini/ctc")))
 *     .setOutputDir(Path.of("runs/whisper-lora"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>The output directory receives {@code adapter/} (PEFT's layout: {@code adapter_config.json} and
 * {@code adapter_model.safetensors} with tensors named {@code base_model.model.<HF path>}, which
 * {@code ./sure4j transcribe --adapter} and PEFT's {@code PeftModel.from_pretrained} load), {@code
 * metrics.json} ({@link WhisperRun#toJson()}), {@value #TRANSCRIPTS_FILE} (the adapted model's test
 * transcripts, {@link WhisperAsrScores#toTsv()}) and {@code training/} (best and last checkpoints
 * with optimizer state, logs, curves). A run killed at any point resumes from {@code training/last}
 * with {@link WhisperTrainerBuilder#optResume} and computes the same weights as an uninterrupted
 * one.
 */
public final class WhisperTrainer {

  /** The adapter's name inside the model and its directory inside the output directory. */
  public static final String ADAPTER = "adapter";

  /** The metrics file inside the output directory. */
  public static final String METRICS_FILE = "metrics.json";

  /** The test transcripts of the adapted model inside the output directory. */
  public static final String TRANSCRIPTS_FILE = "test_transcripts.tsv";

  /** The trainer's directory inside the output directory. */
  public static final String TRAINING_DIR = "training";

  private final WhisperTrainerBuilder b;

  WhisperTrainer(WhisperTrainerBuilder b) {
    this.b = b;
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static WhisperTrainerBuilder builder() {
    return new WhisperTrainerBuilder();
  }

  /**
   * Scores the unadapted model, trains, scores the best checkpoint and writes the adapter and
   * {@code metrics.json}.
   *
   * @return the results
   * @throws IOException when the model, audio or outputs cannot be read or written
   * @throws TranslateException when a batch cannot be made
   * @throws IllegalStateException when {@code training/} already holds a run and resuming is off
   */
  public WhisperRun run() throws IOException, TranslateException {
    Path trainingDir = b.outputDir.resolve(TRAINING_DIR);
    if (b.overwrite) {
      AtomicFiles.deleteTree(trainingDir);
    }
    Path last = trainingDir.resolve("last");
    boolean resuming = b.resume && AdapterTrainer.findCheckpoint(last).isPresent();
    if (!b.resume && Files.exists(trainingDir)) {
      throw new IllegalStateException(
          trainingDir
              + " already holds a training run: resume it (--resume) or choose another output"
              + " directory");
    }
    AdapterSpec spec = b.where.restrict(b.method);
    Engine.getInstance().setRandomSeed((int) (b.config.seed() & 0x7fffffff));
    try (NDManager manager = NDManager.newBaseManager(b.device)) {
      WhisperModel whisper = WhisperModel.load(b.modelDir, manager);
      WhisperTextCodec codec = WhisperTextCodec.fromDirectory(b.modelDir, whisper);
      AudioPipeline audio = WhisperFeatures.pipeline(InputLimits.defaults());
      WhisperFeatures features = WhisperFeatures.of(whisper.config());
      WhisperDataset train =
          new WhisperDataset(
              b.data.train(), codec, features, audio, b.config.batchSize(), true, b.warnings);
      WhisperDataset val =
          b.data.val().isEmpty()
              ? null
              : new WhisperDataset(
                  b.data.val(), codec, features, audio, b.config.batchSize(), false, b.warnings);
      WhisperTranscriber transcriber = transcriber(whisper);

      AdapterModel model = AdapterModel.wrap(whisper);
      WhisperAsrScores before =
          b.scoresBefore != null
              ? b.scoresBefore
              : WhisperAsrScores.evaluate(
                  transcriber, audio, b.data.test(), b.config.batchSize(), manager, b.warnings);
      model.addAdapter(ADAPTER, spec).setActiveAdapters(ADAPTER);
      ParameterReport report = model.trainableParameters();

      Provenance.Builder provenance =
          Provenance.builder().setBaseModel(b.modelDir.toString()).optSeed(b.config.seed());
      if (b.dataDescription != null) {
        provenance.optData(b.dataDescription);
      }
      AdapterFileCheckpoints files = new AdapterFileCheckpoints(provenance.build());
      AdapterTrainerBuilder trainer =
          AdapterTrainer.builder()
              .setModel(model)
              .setAdapter(ADAPTER)
              .setLoss(new Seq2SeqLoss(b.labelSmoothing))
              .setTrainData(train)
              .optCheckpoints(files, files)
              .setConfig(b.config)
              .setOutputDir(trainingDir)
              .optDevice(b.device);
      if (val != null) {
        trainer.optEvalData(val);
      }
      if (resuming) {
        trainer.optResumeFrom(last);
      }
      TrainingResult result = trainer.build().fit();

      files.read(model, ADAPTER, result.bestCheckpoint().orElse(result.lastCheckpoint()));
      if (b.modelOut != null) {
        WhisperModelFiles.save(whisper, b.modelDir, b.modelOut);
      }
      WhisperAsrScores after =
          WhisperAsrScores.evaluate(
              transcriber, audio, b.data.test(), b.config.batchSize(), manager, b.warnings);
      Path adapterDir = b.outputDir.resolve(ADAPTER);
      AdapterFiles.saveForPeft(model, ADAPTER, adapterDir, provenance.build(), "");
      WhisperRun run =
          new WhisperRun(
              spec.method(),
              b.where,
              after.wer(),
              after.cer(),
              before.wer(),
              before.cer(),
              result.bestMetric(),
              report.trainable(),
              report.all(),
              result.elapsedSeconds(),
              result.steps(),
              adapterDir);
      TaskFiles.writeJson(b.outputDir.resolve(METRICS_FILE), run.toJson());
      AtomicFiles.writeString(b.outputDir.resolve(TRANSCRIPTS_FILE), after.toTsv());
      return run;
    }
  }

  private WhisperTranscriber transcriber(WhisperModel whisper) {
    WhisperGenerationConfig rules =
        WhisperGenerationConfig.fromFile(b.modelDir.resolve(WhisperModel.GENERATION_CONFIG));
    return WhisperTranscriber.builder()
        .setDecoding(new WhisperGreedyDecoder(whisper, rules))
        .setTokenizer(WhisperTokenizer.fromDirectory(b.modelDir))
        .optMaxNewTokens(b.maxNewTokens)
        .build();
  }
}
