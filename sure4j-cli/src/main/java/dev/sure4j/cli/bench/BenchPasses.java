package dev.sure4j.cli.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.heads.UtteranceClassifierHead;
import java.util.ArrayList;
import java.util.List;

/**
 * The timed passes of the encoder benchmarks ({@link EncoderBench}, the regression guard): one
 * inference pass, or one training step (forward, backward, AdamW at learning rate 1e-4 without
 * weight decay) with an utterance classifier head and cross-entropy, each on a fresh copy of the
 * same waveforms in a scope of its own.
 */
final class BenchPasses {

  private BenchPasses() {}

  /**
   * Times inference passes ({@code SpeechEncoder.encode}, the last hidden state read back).
   *
   * @param manager where the copies of the input live
   * @param encoder an initialised encoder
   * @param waves the input {@code [batch, samples]}
   * @param warmUp untimed passes first
   * @param repeats timed passes
   * @return the timed passes' wall times in milliseconds
   */
  static List<Double> inference(
      NDManager manager, SpeechEncoder encoder, NDArray waves, int warmUp, int repeats) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < warmUp + repeats; i++) {
      try (NDManager batch = manager.newSubManager()) {
        NDArray w = waves.duplicate();
        w.attach(batch);
        double ms =
            Stopwatch.millis(() -> encoder.encode(w, null).lastHiddenState().toFloatArray());
        if (i >= warmUp) {
          times.add(ms);
        }
      }
    }
    return times;
  }

  /**
   * Wraps the encoder and adds one active adapter with a classifier head ({@code Linear(hidden ->
   * 256)}, mean over frames, {@code Linear(256 -> classes)}).
   *
   * @param manager where the head's parameters live
   * @param encoder an initialised encoder
   * @param method the adapter's name
   * @param spec the adapter
   * @param classes output classes of the head
   * @return the model, the adapter active
   */
  static AdapterModel withAdapter(
      NDManager manager, SpeechEncoder encoder, String method, AdapterSpec spec, int classes) {
    AdapterModel model = AdapterModel.wrap(encoder);
    int hidden = encoder.config().hiddenSize();
    UtteranceClassifierHead head =
        UtteranceClassifierHead.builder().setHiddenSize(hidden).setNumClasses(classes).build();
    head.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden), new Shape(1, 1));
    model.addAdapter(method, spec, head).setActiveAdapters(method);
    return model;
  }

  /**
   * Times training steps of the model's active adapter; utterance {@code i} has label {@code i %
   * classes}.
   *
   * @param manager where the copies of the input live
   * @param model the model from {@link #withAdapter}
   * @param waves the input {@code [batch, samples]}
   * @param device where the model trains
   * @param classes output classes of the head
   * @param warmUp untimed steps first
   * @param repeats timed steps
   * @return the timed steps' wall times in milliseconds
   */
  static List<Double> steps(
      NDManager manager,
      AdapterModel model,
      NDArray waves,
      Device device,
      int classes,
      int warmUp,
      int repeats) {
    int batchSize = (int) waves.getShape().get(0);
    float[] label = new float[batchSize];
    for (int i = 0; i < batchSize; i++) {
      label[i] = i % classes;
    }
    List<Double> times = new ArrayList<>();
    try (Model djl = Model.newInstance("bench", device)) {
      djl.setBlock(model);
      try (Trainer trainer =
          djl.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                  .optOptimizer(
                      Optimizer.adamW()
                          .optLearningRateTracker(Tracker.fixed(1e-4f))
                          .optWeightDecays(0f)
                          .build())
                  .optDevices(new Device[] {device}))) {
        trainer.initialize(waves.getShape());
        model.applyFreezing();
        for (int i = 0; i < warmUp + repeats; i++) {
          try (NDManager bm = manager.newSubManager()) {
            NDArray w = waves.duplicate();
            w.attach(bm);
            NDList labels = new NDList(bm.create(label));
            long t0 = System.nanoTime();
            try (Batch b = new Batch(bm, new NDList(w), labels, batchSize, null, null, 0, 1)) {
              EasyTrain.trainBatch(trainer, b);
              trainer.step();
            }
            if (i >= warmUp) {
              times.add((System.nanoTime() - t0) / 1e6);
            }
          }
        }
      }
    }
    return times;
  }
}
