package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.heads.IntentHead;
import dev.sure4j.speech.metrics.CtcEvaluator;
import java.util.List;

/**
 * One speech task: its form ({@link TaskType}), its label set (classes, intent slot values or a CTC
 * vocabulary) and the metric that picks the best checkpoint. A task makes everything that depends
 * on it: the head, the loss, the evaluator and the label arrays of a batch. It is saved as {@code
 * task.json} beside an adapter ({@link TaskFiles}), so an adapter directory alone is enough to
 * rebuild its head for evaluation and prediction.
 *
 * <p>One final record per form: {@link ClassificationTask}, {@link IntentTask} and {@link CtcTask}.
 * A new form (for example text-to-speech) is a new record in the {@code permits} list and a new
 * {@link TaskType}; the compiler then points at every place that must handle it.
 *
 * <p>Manifest columns: classification reads {@code label}; intent reads {@code action}, {@code
 * object} and {@code location}; CTC reads {@code transcript}.
 */
public sealed interface SpeechTask permits ClassificationTask, IntentTask, CtcTask {

  /** The manifest column of a class label. */
  String LABEL = "label";

  /** The manifest column of a transcript. */
  String TRANSCRIPT = "transcript";

  /** The manifest columns of the intent slots, in head order. */
  List<String> INTENT_SLOTS = IntentHead.SLOTS;

  /**
   * Creates an utterance classification task.
   *
   * @param name the task name, for example {@code kws}
   * @param classes the class names, index = class id
   * @return the task, scored by {@code accuracy}
   */
  static ClassificationTask classification(String name, List<String> classes) {
    return new ClassificationTask(name, TaskType.CLASSIFICATION.defaultMetric(), classes, false);
  }

  /**
   * Creates a Fluent Speech Commands intent task.
   *
   * @param name the task name
   * @param actions the action values, index = id
   * @param objects the object values
   * @param locations the location values
   * @return the task, scored by {@code accuracy} (all three slots right)
   */
  static IntentTask intent(
      String name, List<String> actions, List<String> objects, List<String> locations) {
    return new IntentTask(
        name, TaskType.INTENT.defaultMetric(), List.of(actions, objects, locations), false);
  }

  /**
   * Creates a CTC transcription task.
   *
   * @param name the task name
   * @param vocabulary the output vocabulary; its pad token is the blank
   * @return the task, scored by the first of {@link CtcEvaluator#metricNames} for the vocabulary's
   *     kind: {@code wer} for characters, {@code per} for tokens (phonemes), {@code slot_type_f1}
   *     for characters with slot tags
   */
  static CtcTask ctc(String name, Vocabulary vocabulary) {
    checkArgument(vocabulary != null, "CTC task '%s' needs a vocabulary", name);
    return new CtcTask(name, CtcEvaluator.metricNames(vocabulary.kind()).get(0), vocabulary);
  }

  /**
   * Derives a task's label set from its training entries: the sorted distinct classes or slot
   * values, or a character vocabulary of the transcripts.
   *
   * @param name the task name
   * @param type the form
   * @param train the training entries
   * @return the task with its form's default metric
   * @throws IllegalArgumentException when the entries lack the form's columns
   */
  static SpeechTask fromTrainingData(String name, TaskType type, List<ManifestEntry> train) {
    checkArgument(train != null && !train.isEmpty(), "task '%s' has no training entries", name);
    checkArgument(type != null, "task '%s' needs a type", name);
    return switch (type) {
      case CLASSIFICATION -> ClassificationTask.fromTrainingData(name, train);
      case INTENT -> IntentTask.fromTrainingData(name, train);
      case CTC -> CtcTask.fromTrainingData(name, train);
    };
  }

  /**
   * Returns the task name.
   *
   * @return the name: letters, digits, {@code .}, {@code _} and {@code -}
   */
  String name();

  /**
   * Returns the form.
   *
   * @return the type written in {@code task.json}
   */
  TaskType type();

  /**
   * Returns the metric that picks the best checkpoint.
   *
   * @return one of {@link #metricNames()}
   */
  String metric();

  /**
   * Returns the metrics this task's evaluator reports.
   *
   * @return the metric names
   */
  List<String> metricNames();

  /**
   * Returns a copy that follows another metric for early stopping and the best checkpoint.
   *
   * @param newMetric a metric the task's evaluator reports (for example {@code cer}, {@code
   *     weighted_f1})
   * @return the task
   * @throws IllegalArgumentException for a metric not in {@link #metricNames()}, listing them
   */
  SpeechTask withMetric(String newMetric);

  /**
   * Returns a copy whose pooled head reads a learnable softmax-weighted sum of all hidden states
   * (the SUPERB probe) instead of the last one (SURE's choice).
   *
   * @param v whether to use the weighted sum; classification and intent only
   * @return the task
   * @throws IllegalArgumentException when {@code v} is true for a form without a pooled head
   */
  SpeechTask withLayerWeightedSum(boolean v);

  /**
   * Says whether the head reads a weighted sum of all hidden states.
   *
   * @return true for the SUPERB-style weighted sum, false for the last hidden state
   */
  boolean layerWeightedSum();

  /**
   * Returns the label sets: one for classification, three for intent, none for CTC.
   *
   * @return the label sets, index = id within each set
   */
  List<List<String>> labelSets();

  /**
   * Creates and initialises this task's head with the SURE defaults (projector 256, mean pooling
   * over valid frames; CTC: Linear(D -> V) with dropout 0.1).
   *
   * @param encoder the backbone: width {@code D} and layers {@code L}
   * @param manager where the head's parameters live
   * @return an initialised head taking the encoder's outputs ({@code [batch, frames, D]} hidden
   *     states, the frame mask and, for the weighted sum, all {@code L + 1} hidden states)
   */
  Block newHead(SpeechBackbone encoder, NDManager manager);

  /**
   * Creates the training loss: cross-entropy, the summed intent cross-entropies, or CTC.
   *
   * @return the loss
   */
  Loss loss();

  /**
   * Creates a fresh evaluator reporting {@link #metricNames()}.
   *
   * @return the evaluator
   */
  Evaluator newEvaluator();

  /**
   * Returns how a batch's entries become label arrays: class ids {@code [batch]} (int64), intent
   * slot ids {@code [batch, 3]}, or CTC targets {@code [batch, maxLength]} (padded with the blank)
   * and lengths {@code [batch]}.
   *
   * @return the label encoder; it throws for a label outside the task's label set, naming the
   *     entry's file and line
   */
  BatchLabels batchLabels();

  /**
   * Describes predictions in words, one string per utterance: the class name, the intent as {@code
   * action / object / location}, or the greedy transcript.
   *
   * @param predictions the head's outputs for a batch
   * @return one description per utterance
   */
  List<String> describe(NDList predictions);

  /**
   * Says whether a larger value of {@link #metric()} is better.
   *
   * @return false for error rates
   */
  default boolean greaterIsBetter() {
    return TaskType.greaterIsBetter(metric());
  }

  /**
   * Returns the classes of a classification task, or the values of one intent slot.
   *
   * @param slot 0 for classification; 0, 1, 2 (action, object, location) for intent
   * @return the label names, index = id
   */
  default List<String> labels(int slot) {
    checkArgument(
        slot >= 0 && slot < labelSets().size(), "task '%s' has no label set %s", name(), slot);
    return labelSets().get(slot);
  }

  /**
   * Returns the CTC vocabulary.
   *
   * @return the vocabulary
   * @throws IllegalStateException for a task that is not CTC
   */
  default Vocabulary vocabulary() {
    throw new IllegalStateException("task '" + name() + "' is " + type().id() + ", not ctc");
  }
}
