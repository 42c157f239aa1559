package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.model.AdapterModel;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds an {@link AdapterTrainer} (through {@link AdapterTrainer#builder()}): {@code setX} values
 * are required, {@code optX} optional.
 */
public final class AdapterTrainerBuilder {

  AdapterModel model;
  String adapter;
  Loss loss;
  Dataset trainData;
  Dataset evalData;
  Evaluator evaluator;
  TrainingConfig config;
  Path outputDir;
  CheckpointWriter writer;
  CheckpointReader reader;
  Path resumeFrom;
  long batchesPerEpoch;
  Consumer<Trainer> afterStep;
  Device device;

  AdapterTrainerBuilder() {
    ParameterCheckpoints p = new ParameterCheckpoints();
    writer = p;
    reader = p;
  }

  /**
   * Sets the model.
   *
   * @param v the adapter model holding the adapter
   * @return this builder
   */
  public AdapterTrainerBuilder setModel(AdapterModel v) {
    model = v;
    return this;
  }

  /**
   * Sets the adapter to train.
   *
   * @param v an adapter name of the model
   * @return this builder
   */
  public AdapterTrainerBuilder setAdapter(String v) {
    adapter = v;
    return this;
  }

  /**
   * Sets the loss; it must return the batch mean as a scalar.
   *
   * @param v the loss
   * @return this builder
   */
  public AdapterTrainerBuilder setLoss(Loss v) {
    loss = v;
    return this;
  }

  /**
   * Sets the training data.
   *
   * @param v a dataset whose batches hold the model inputs and the labels
   * @return this builder
   */
  public AdapterTrainerBuilder setTrainData(Dataset v) {
    trainData = v;
    return this;
  }

  /**
   * Sets the evaluation data; without it nothing is evaluated, there is no best checkpoint and no
   * early stopping.
   *
   * @param v a dataset like the training data
   * @return this builder
   */
  public AdapterTrainerBuilder optEvalData(Dataset v) {
    evalData = v;
    return this;
  }

  /**
   * Sets an evaluator producing named metrics beside {@code eval_loss}.
   *
   * @param v the evaluator
   * @return this builder
   */
  public AdapterTrainerBuilder optEvaluator(Evaluator v) {
    evaluator = v;
    return this;
  }

  /**
   * Sets the recipe.
   *
   * @param v the configuration
   * @return this builder
   */
  public AdapterTrainerBuilder setConfig(TrainingConfig v) {
    config = v;
    return this;
  }

  /**
   * Sets the directory for checkpoints, logs and plots; it is created when missing.
   *
   * @param v the directory
   * @return this builder
   */
  public AdapterTrainerBuilder setOutputDir(Path v) {
    outputDir = v;
    return this;
  }

  /**
   * Sets how checkpoints are written and read (default {@link ParameterCheckpoints}; {@link
   * AdapterFileCheckpoints} writes shippable adapter directories).
   *
   * @param w the writer
   * @param r the matching reader
   * @return this builder
   */
  public AdapterTrainerBuilder optCheckpoints(CheckpointWriter w, CheckpointReader r) {
    writer = w;
    reader = r;
    return this;
  }

  /**
   * Resumes from a checkpoint directory, usually {@code outputDir/last}.
   *
   * @param v the checkpoint directory
   * @return this builder
   */
  public AdapterTrainerBuilder optResumeFrom(Path v) {
    resumeFrom = v;
    return this;
  }

  /**
   * Gives the number of training batches per epoch, to skip counting them.
   *
   * @param v batches per epoch (&gt; 0)
   * @return this builder
   */
  public AdapterTrainerBuilder optBatchesPerEpoch(long v) {
    checkArgument(v > 0, "batches per epoch must be > 0: %s", v);
    batchesPerEpoch = v;
    return this;
  }

  /** Sets a hook called after every applied update with the DJL trainer (tests watch it). */
  AdapterTrainerBuilder optAfterStep(Consumer<Trainer> v) {
    afterStep = v;
    return this;
  }

  /**
   * Sets the device the model and every batch live on (default: the engine's default device). The
   * model's parameters must already be on it (load or build it with a manager on this device).
   *
   * @param v the device, or null for the engine's default
   * @return this builder
   */
  public AdapterTrainerBuilder optDevice(Device v) {
    device = v;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @return the trainer
   * @throws IllegalArgumentException naming the first missing or invalid value
   */
  public AdapterTrainer build() {
    checkArgument(model != null, "setModel is required");
    checkArgument(adapter != null, "setAdapter is required");
    model.adapter(adapter);
    checkArgument(loss != null, "setLoss is required");
    checkArgument(trainData != null, "setTrainData is required");
    checkArgument(config != null, "setConfig is required");
    checkArgument(outputDir != null, "setOutputDir is required");
    checkArgument(writer != null && reader != null, "checkpoint writer and reader are required");
    return new AdapterTrainer(this);
  }
}
