package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.heads.IntentHead;
import dev.sure4j.speech.heads.IntentLoss;
import dev.sure4j.speech.metrics.IntentEvaluator;
import java.util.List;

/**
 * Fluent Speech Commands intents: an {@link IntentHead}, {@link IntentLoss} (three summed
 * cross-entropies) and an {@link IntentEvaluator} (accuracy with all three slots right). Reads the
 * manifest columns {@code action}, {@code object} and {@code location}.
 *
 * @param name the task name, for example {@code fsc}
 * @param metric the metric that picks the best checkpoint: {@code accuracy} or one slot's accuracy
 * @param labelSets the action, object and location values, index = id; each not empty, no repeats
 * @param layerWeightedSum whether the head reads a learnable weighted sum of all hidden states
 */
public record IntentTask(
    String name, String metric, List<List<String>> labelSets, boolean layerWeightedSum)
    implements SpeechTask {

  private static final List<String> METRICS =
      List.of("accuracy", "action_accuracy", "object_accuracy", "location_accuracy");

  /** Validates the name, metric and the three label sets and copies them. */
  public IntentTask {
    TaskSupport.checkName(name);
    TaskSupport.checkMetric(name, TaskType.INTENT, metric, METRICS);
    checkArgument(
        labelSets != null && labelSets.size() == INTENT_SLOTS.size(),
        "intent task '%s' needs %s label sets (%s), got %s",
        name,
        INTENT_SLOTS.size(),
        INTENT_SLOTS,
        labelSets == null ? null : labelSets.size());
    ImmutableList.Builder<List<String>> copy = ImmutableList.builder();
    labelSets.forEach(l -> copy.add(TaskSupport.labelSet(name, l)));
    labelSets = copy.build();
  }

  /**
   * Derives the slot values from training entries: the sorted distinct values of each slot column.
   *
   * @param name the task name
   * @param train the training entries
   * @return the task, scored by {@code accuracy}
   */
  static IntentTask fromTrainingData(String name, List<ManifestEntry> train) {
    return SpeechTask.intent(
        name,
        TaskSupport.distinct(train, INTENT_SLOTS.get(0)),
        TaskSupport.distinct(train, INTENT_SLOTS.get(1)),
        TaskSupport.distinct(train, INTENT_SLOTS.get(2)));
  }

  @Override
  public TaskType type() {
    return TaskType.INTENT;
  }

  @Override
  public List<String> metricNames() {
    return METRICS;
  }

  @Override
  public IntentTask withMetric(String newMetric) {
    return new IntentTask(name, newMetric, labelSets, layerWeightedSum);
  }

  @Override
  public IntentTask withLayerWeightedSum(boolean v) {
    return new IntentTask(name, metric, labelSets, v);
  }

  @Override
  public Block newHead(SpeechBackbone encoder, NDManager manager) {
    IntentHead head =
        IntentHead.builder()
            .setHiddenSize(encoder.hiddenSize())
            .optSlotSizes(labelSets.get(0).size(), labelSets.get(1).size(), labelSets.get(2).size())
            .optLayerWeightedSum(TaskSupport.hiddenStates(encoder, layerWeightedSum))
            .build();
    return TaskSupport.initialized(head, encoder, manager);
  }

  @Override
  public Loss loss() {
    return new IntentLoss();
  }

  @Override
  public Evaluator newEvaluator() {
    return new IntentEvaluator();
  }

  @Override
  public BatchLabels batchLabels() {
    return (manager, entries) ->
        new NDList(
            manager.create(
                TaskSupport.ids(name, entries, INTENT_SLOTS, labelSets),
                new Shape(entries.size(), INTENT_SLOTS.size())));
  }

  @Override
  public List<String> describe(NDList predictions) {
    return TaskSupport.predictedLabels(predictions, labelSets);
  }

  @Override
  public String toString() {
    return TaskSupport.describe(this, TaskSupport.sizes(labelSets));
  }
}
