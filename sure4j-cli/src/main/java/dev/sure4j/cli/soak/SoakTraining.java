package dev.sure4j.cli.soak;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.adapters.train.TrainingEngine;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.AudioDataset;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * The training half of the soak: each method in turn trains its share of the steps on one backbone
 * with a {@link TrainingEngine}, over shuffled epochs of the training clips, saving its adapter
 * directory (with {@code task.json}) every {@code saveEvery} steps and at the end. Every clip is
 * decoded into the dataset's cache before the first step, so the cache does not grow during the
 * sampled steps.
 */
final class SoakTraining {

  private final Path checkpoint;
  private final SpeechTask task;
  private final List<ManifestEntry> train;
  private final int batchSize;
  private final Path outDir;
  private final Device device;

  SoakTraining(
      Path checkpoint,
      SpeechTask task,
      List<ManifestEntry> train,
      int batchSize,
      Path outDir,
      Device device) {
    this.checkpoint = checkpoint;
    this.task = task;
    this.train = train;
    this.batchSize = batchSize;
    this.outDir = outDir;
    this.device = device;
  }

  /**
   * Trains every method for its share of {@code steps}.
   *
   * @param methods adapter name to spec, trained in this order
   * @param steps the optimizer steps of all methods together
   * @param saveEvery steps between adapter saves
   * @param afterStep called with the adapter and the steps done (all adapters) after every update
   * @return adapter name to its saved directory
   * @throws IOException when the backbone, a clip or an adapter file cannot be read or written
   */
  Map<String, Path> run(
      Map<String, AdapterSpec> methods,
      long steps,
      long saveEvery,
      ObjLongConsumer<String> afterStep)
      throws IOException {
    Map<String, Path> dirs = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      SpeechEncoder encoder = HfCheckpointLoader.load(checkpoint, manager);
      AudioDataset data =
          AudioDataset.builder()
              .setEntries(train)
              .setPipeline(AudioPipeline.builder().optCheckpoint(checkpoint).build())
              .setLabels(task.batchLabels())
              .optBatchSize(batchSize)
              .optShuffle(true)
              .optCache(true)
              .build();
      try (NDManager warmUp = manager.newSubManager()) {
        data.getData(warmUp).forEach(Batch::close); // decodes every clip into the cache
      }
      AdapterModel model = AdapterModel.wrap(encoder);
      Provenance provenance =
          Provenance.builder().setBaseModel(checkpoint.toString()).optData("soak").build();
      long done = 0;
      int i = 0;
      for (Map.Entry<String, AdapterSpec> m : methods.entrySet()) {
        long share = steps * (i + 1) / methods.size() - steps * i / methods.size();
        i++;
        String name = m.getKey();
        Path dir = outDir.resolve(name);
        model.addAdapter(name, m.getValue(), task.newHead(encoder, manager));
        model.setActiveAdapters(name);
        long base = done;
        try (TrainingEngine engine =
                TrainingEngine.builder()
                    .setBlock(model)
                    .setLoss(task.loss())
                    .setOptimizer(AdamW.builder().build())
                    .optName("soak-" + name)
                    .optFreezing(model::applyFreezing)
                    .optConfig(
                        TrainingConfig.builder().optGradientAccumulationSteps(1).optSeed(i).build())
                    .optDevice(device)
                    .build();
            Epochs epochs = new Epochs(data, engine)) {
          engine.run(
              share,
              epochs::next,
              e -> {
                if (e.step() % saveEvery == 0) {
                  save(model, name, dir, provenance);
                }
                afterStep.accept(name, base + e.step());
              });
        }
        save(model, name, dir, provenance);
        done += share;
        dirs.put(name, dir);
      }
    }
    return dirs;
  }

  private void save(AdapterModel model, String name, Path dir, Provenance provenance) {
    try {
      AtomicFiles.writeDirectory(
          dir,
          fresh -> {
            AdapterFiles.save(model, name, fresh, provenance);
            TaskFiles.save(task, fresh);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Endless micro-batches, one shuffled epoch after another, each epoch in its own manager. */
  private static final class Epochs implements AutoCloseable {
    private final AudioDataset data;
    private final TrainingEngine engine;
    private NDManager epoch;
    private Iterator<Batch> it;

    Epochs(AudioDataset data, TrainingEngine engine) {
      this.data = data;
      this.engine = engine;
    }

    /** Moves the next batch's arrays into {@code m}, which the engine closes after it. */
    MicroBatch next(NDManager m) {
      if (it == null || !it.hasNext()) {
        close();
        epoch = engine.newBatchManager();
        it = data.getData(epoch).iterator();
      }
      try (Batch b = it.next()) {
        NDList x = b.getData();
        NDList y = b.getLabels();
        x.attach(m);
        y.attach(m);
        return new MicroBatch(x, y);
      }
    }

    @Override
    public void close() {
      if (epoch != null) {
        epoch.close();
        epoch = null;
      }
    }
  }
}
