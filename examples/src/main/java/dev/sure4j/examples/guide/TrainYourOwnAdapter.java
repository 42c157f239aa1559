package dev.sure4j.examples.guide;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.train.AdapterFileCheckpoints;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.adapters.train.TrainingResult;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.AudioDataset;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.Manifest;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.heads.ClassificationLoss;
import dev.sure4j.speech.heads.UtteranceClassifierHead;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.metrics.ClassificationEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a LoRA adapter and a SURE classification head on a frozen speech encoder, step by step
 * with the library's pieces (docs/train-your-own-adapter.md walks through it): a Hugging Face
 * checkpoint, manifests with {@code path,label}, an {@link AudioDataset}, an {@link AdapterModel}
 * with {@link LoraSpec} and an {@link UtteranceClassifierHead}, the {@link AdapterTrainer}, and a
 * test-split evaluation of the best checkpoint.
 *
 * <p>Run it on the bundled backbone and keyword-spotting task: {@code java
 * dev.sure4j.examples.guide.TrainYourOwnAdapter models/mini-hubert data/mini/kws runs/guide 10}.
 */
public final class TrainYourOwnAdapter {

  private TrainYourOwnAdapter() {}

  /**
   * Runs the guide.
   *
   * @param args checkpoint directory, task directory (train/val/test.csv), output directory, epochs
   * @throws IOException when a file cannot be read or written
   * @throws TranslateException when DJL fails to run a batch
   */
  public static void main(String[] args) throws IOException, TranslateException {
    System.setProperty("ai.djl.offline", "true");
    Path model = Path.of(args.length > 0 ? args[0] : "models/mini-hubert");
    Path task = Path.of(args.length > 1 ? args[1] : "data/mini/kws");
    Path out = Path.of(args.length > 2 ? args[2] : "runs/guide");
    int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    double accuracy = run(model, task, out, epochs);
    System.out.printf("test accuracy %.3f; adapter in %s%n", accuracy, out.resolve("best/adapter"));
  }

  /**
   * Trains and evaluates.
   *
   * @param checkpoint a Hugging Face HuBERT or wav2vec2 directory
   * @param task a directory with train.csv, val.csv and test.csv ({@code path,label})
   * @param out where checkpoints, logs and curves go
   * @param epochs passes over the training split
   * @return the test accuracy of the best checkpoint, in [0, 1]
   * @throws IOException when a file cannot be read or written
   * @throws TranslateException when DJL fails to run a batch
   */
  public static double run(Path checkpoint, Path task, Path out, int epochs)
      throws IOException, TranslateException {
    Engine.getInstance().setRandomSeed(0);
    try (NDManager manager = NDManager.newBaseManager()) {
      // 1. The frozen backbone and how audio files become its input.
      SpeechEncoder encoder = HfCheckpointLoader.load(checkpoint, manager);
      AudioPipeline audio = AudioPipeline.builder().optCheckpoint(checkpoint).build();

      // 2. Data: manifests, class ids, batches of padded waveforms.
      Manifest train = Manifest.read(task.resolve("train.csv"));
      List<String> labels = train.labels("label");
      BatchLabels ids =
          (m, entries) ->
              new NDList(
                  m.create(
                      entries.stream().mapToLong(e -> labels.indexOf(e.get("label"))).toArray()));
      AudioDataset trainSet = dataset(train, audio, ids, true);
      AudioDataset valSet = dataset(Manifest.read(task.resolve("val.csv")), audio, ids, false);
      AudioDataset testSet = dataset(Manifest.read(task.resolve("test.csv")), audio, ids, false);

      // 3. The head and the adapter: LoRA (r = 8) on every layer, head trainable, backbone frozen.
      int hidden = encoder.config().hiddenSize();
      UtteranceClassifierHead head =
          UtteranceClassifierHead.builder()
              .setHiddenSize(hidden)
              .setNumClasses(labels.size())
              .build();
      head.initialize(manager, DataType.FLOAT32, new Shape(1, 10, hidden), new Shape(1, 10));
      AdapterModel model = AdapterModel.wrap(encoder);
      model.addAdapter("task", LoraSpec.builder().build(), head);
      model.setActiveAdapters("task");
      System.out.println(model.trainableParameters());

      // 4. Train: AdamW, warm-up and linear decay, evaluation each epoch, best checkpoint kept.
      AdapterFileCheckpoints files =
          new AdapterFileCheckpoints(
              Provenance.builder().setBaseModel(checkpoint.toString()).optSeed(0).build());
      TrainingResult result =
          AdapterTrainer.builder()
              .setModel(model)
              .setAdapter("task")
              .setLoss(new ClassificationLoss())
              .setTrainData(trainSet)
              .optEvalData(valSet)
              .optEvaluator(new ClassificationEvaluator(labels))
              .optCheckpoints(files, files)
              .setConfig(
                  TrainingConfig.builder()
                      .optLearningRate(2e-3)
                      .optEpochs(epochs)
                      .optMetric("accuracy", true)
                      .optSeed(0)
                      .build())
              .setOutputDir(out)
              .build()
              .fit();

      // 5. Evaluate the best checkpoint on the test split.
      files.read(model, "task", result.bestCheckpoint().orElse(result.lastCheckpoint()));
      ClassificationEvaluator test = new ClassificationEvaluator(labels);
      ParameterStore store = new ParameterStore(manager, false);
      for (Batch batch : testSet.getData(manager)) {
        try (batch) {
          test.update(model.forward(store, batch.getData(), false), batch.getLabels());
        }
      }
      System.out.println(test.confusionMatrix());
      return test.metrics().get("accuracy");
    }
  }

  private static AudioDataset dataset(
      Manifest manifest, AudioPipeline audio, BatchLabels ids, boolean shuffle) {
    return AudioDataset.builder()
        .setEntries(manifest.entries())
        .setPipeline(audio)
        .setLabels(ids)
        .optBatchSize(16)
        .optShuffle(shuffle)
        .optCache(true)
        .build();
  }
}
