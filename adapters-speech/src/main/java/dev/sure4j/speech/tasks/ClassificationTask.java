package dev.sure4j.speech.tasks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.heads.ClassificationLoss;
import dev.sure4j.speech.heads.UtteranceClassifierHead;
import dev.sure4j.speech.metrics.ClassificationEvaluator;
import java.util.List;

/**
 * One label per utterance (emotion, keyword spotting, speaker ID): an {@link
 * UtteranceClassifierHead}, {@link ClassificationLoss} (cross-entropy) and a {@link
 * ClassificationEvaluator}. Reads the manifest column {@code label}.
 *
 * @param name the task name, for example {@code kws}
 * @param metric the metric that picks the best checkpoint: {@code accuracy}, {@code weighted_f1} or
 *     {@code macro_f1}
 * @param classes the class names, index = class id; not empty, no repeats
 * @param layerWeightedSum whether the head reads a learnable weighted sum of all hidden states
 */
public record ClassificationTask(
    String name, String metric, List<String> classes, boolean layerWeightedSum)
    implements SpeechTask {

  private static final List<String> METRICS = List.of("accuracy", "weighted_f1", "macro_f1");

  /** Validates the name, metric and classes and copies the classes. */
  public ClassificationTask {
    TaskSupport.checkName(name);
    TaskSupport.checkMetric(name, TaskType.CLASSIFICATION, metric, METRICS);
    classes = TaskSupport.labelSet(name, classes);
  }

  /**
   * Derives the classes from training entries: the sorted distinct values of {@code label}.
   *
   * @param name the task name
   * @param train the training entries
   * @return the task, scored by {@code accuracy}
   */
  static ClassificationTask fromTrainingData(String name, List<ManifestEntry> train) {
    return SpeechTask.classification(name, TaskSupport.distinct(train, LABEL));
  }

  @Override
  public TaskType type() {
    return TaskType.CLASSIFICATION;
  }

  @Override
  public List<String> metricNames() {
    return METRICS;
  }

  @Override
  public ClassificationTask withMetric(String newMetric) {
    return new ClassificationTask(name, newMetric, classes, layerWeightedSum);
  }

  @Override
  public ClassificationTask withLayerWeightedSum(boolean v) {
    return new ClassificationTask(name, metric, classes, v);
  }

  @Override
  public List<List<String>> labelSets() {
    return List.of(classes);
  }

  @Override
  public Block newHead(SpeechBackbone encoder, NDManager manager) {
    UtteranceClassifierHead head =
        UtteranceClassifierHead.builder()
            .setHiddenSize(encoder.hiddenSize())
            .setNumClasses(classes.size())
            .optLayerWeightedSum(TaskSupport.hiddenStates(encoder, layerWeightedSum))
            .build();
    return TaskSupport.initialized(head, encoder, manager);
  }

  @Override
  public Loss loss() {
    return new ClassificationLoss();
  }

  @Override
  public Evaluator newEvaluator() {
    return new ClassificationEvaluator(classes);
  }

  @Override
  public BatchLabels batchLabels() {
    return (manager, entries) ->
        new NDList(manager.create(TaskSupport.ids(name, entries, List.of(LABEL), labelSets())));
  }

  @Override
  public List<String> describe(NDList predictions) {
    return TaskSupport.predictedLabels(predictions, labelSets());
  }

  @Override
  public String toString() {
    return TaskSupport.describe(this, TaskSupport.sizes(labelSets()));
  }
}
