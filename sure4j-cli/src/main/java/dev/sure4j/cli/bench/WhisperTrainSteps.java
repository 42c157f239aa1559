package dev.sure4j.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingEngine;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.train.Seq2SeqLoss;
import dev.sure4j.speech.whisper.train.WhisperBatch;
import dev.sure4j.speech.whisper.train.WhisperTrainer;
import dev.sure4j.speech.whisper.train.WhisperWhere;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Optimizer steps of Whisper training as {@link WhisperTrainer} runs them, timed one by one: the
 * method added to the model under {@link WhisperTrainer#ADAPTER} on both stacks ({@link
 * WhisperWhere#BOTH}), the one training engine ({@link TrainingEngine}: forward with teacher
 * forcing, {@link Seq2SeqLoss} without label smoothing, backward, the non-finite check and {@link
 * AdamW} without weight decay at a fixed learning rate), every step on a fresh copy of the same
 * batch.
 *
 * @param stepMs the wall time of each step (ms), from taking the batch to the applied update
 * @param losses the loss of each step, before its update
 */
record WhisperTrainSteps(List<Double> stepMs, List<Double> losses) {

  /**
   * Adds the method to the model and runs the steps.
   *
   * @param whisper an initialised model, without adapter
   * @param method the method, for example LoRA on {@code q_proj} and {@code v_proj}
   * @param batch the batch every step trains on
   * @param learningRate AdamW's learning rate
   * @param steps the number of steps
   * @param trace where libtorch's profiler writes the last step's operators (Chrome trace JSON), or
   *     null for no profile
   * @return the times and losses, one per step
   */
  static WhisperTrainSteps run(
      WhisperModel whisper,
      AdapterSpec method,
      WhisperBatch batch,
      double learningRate,
      int steps,
      Path trace) {
    AdapterModel model = AdapterModel.wrap(whisper);
    model
        .addAdapter(WhisperTrainer.ADAPTER, WhisperWhere.BOTH.restrict(method))
        .setActiveAdapters(WhisperTrainer.ADAPTER);
    AdamW adamW =
        AdamW.builder()
            .optLearningRateTracker(Tracker.fixed((float) learningRate))
            .optWeightDecays(0f)
            .build();
    List<Double> ms = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(model)
            .setLoss(new Seq2SeqLoss(0))
            .setOptimizer(adamW)
            .optName("bench-" + method.method())
            .optFreezing(model::applyFreezing)
            .build()) {
      long[] start = {System.nanoTime()};
      engine.run(
          steps,
          m -> new MicroBatch(copy(batch.data(), m), copy(batch.labelList(), m)),
          e -> {
            ms.add((System.nanoTime() - start[0]) / 1e6);
            losses.add(e.takeMeanLoss());
            if (trace != null && e.step() == steps - 1) {
              JniUtils.startProfile(false, false, false);
            }
            start[0] = System.nanoTime();
          });
    }
    if (trace != null) {
      JniUtils.stopProfile(trace.toString());
    }
    return new WhisperTrainSteps(List.copyOf(ms), List.copyOf(losses));
  }

  /**
   * Returns the step times after the warm-up steps.
   *
   * @param warmUp the untimed first steps
   * @return the remaining times (ms)
   */
  List<Double> timedMs(int warmUp) {
    return stepMs.subList(warmUp, stepMs.size());
  }

  private static NDList copy(NDList arrays, NDManager manager) {
    NDList out = new NDList();
    for (NDArray a : arrays) {
      NDArray c = a.duplicate();
      c.attach(manager);
      out.add(c);
    }
    return out;
  }
}
