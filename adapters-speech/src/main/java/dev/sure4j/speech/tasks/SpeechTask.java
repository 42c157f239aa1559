package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.ctc.CtcLoss;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.heads.ClassificationLoss;
import dev.sure4j.speech.heads.CtcHead;
import dev.sure4j.speech.heads.IntentHead;
import dev.sure4j.speech.heads.IntentLoss;
import dev.sure4j.speech.heads.UtteranceClassifierHead;
import dev.sure4j.speech.metrics.ClassificationEvaluator;
import dev.sure4j.speech.metrics.CtcEvaluator;
import dev.sure4j.speech.metrics.IntentEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One speech task: its form ({@link TaskType}), its label set (classes, intent slot values or a CTC
 * vocabulary) and the metric that picks the best checkpoint. A task makes everything that depends
 * on it: the head, the loss, the evaluator and the label arrays of a batch. It is saved as {@code
 * task.json} beside an adapter ({@link TaskFiles}), so an adapter directory alone is enough to
 * rebuild its head for evaluation and prediction.
 *
 * <p>Manifest columns: classification reads {@code label}; intent reads {@code action}, {@code
 * object} and {@code location}; CTC reads {@code transcript}.
 */
public final class SpeechTask {

  /** The manifest column of a class label. */
  public static final String LABEL = "label";

  /** The manifest column of a transcript. */
  public static final String TRANSCRIPT = "transcript";

  /** The manifest columns of the intent slots, in head order. */
  public static final List<String> INTENT_SLOTS = IntentHead.SLOTS;

  private final String name;
  private final TaskType type;
  private final String metric;
  private final List<List<String>> labels;
  private final Vocabulary vocabulary;
  private final boolean layerWeightedSum;

  private SpeechTask(
      String name, TaskType type, String metric, List<List<String>> labels, Vocabulary vocab) {
    this(name, type, metric, labels, vocab, false);
  }

  private SpeechTask(
      String name,
      TaskType type,
      String metric,
      List<List<String>> labels,
      Vocabulary vocab,
      boolean layerWeightedSum) {
    checkArgument(
        !layerWeightedSum || type != TaskType.CTC,
        "task '%s': the layer-weighted sum is an option of the pooled heads, not of CTC",
        name);
    this.layerWeightedSum = layerWeightedSum;
    checkArgument(
        name != null && name.matches("[A-Za-z0-9_.-]+"),
        "task names use letters, digits, '.', '_' and '-': '%s'",
        name);
    checkArgument(metric != null && !metric.isBlank(), "task '%s' needs a metric", name);
    this.name = name;
    this.type = type;
    this.metric = metric;
    ImmutableList.Builder<List<String>> copy = ImmutableList.builder();
    for (List<String> l : labels) {
      checkArgument(!l.isEmpty(), "task '%s' has an empty label set", name);
      checkArgument(new TreeSet<>(l).size() == l.size(), "task '%s' repeats a label: %s", name, l);
      copy.add(ImmutableList.copyOf(l));
    }
    this.labels = copy.build();
    this.vocabulary = vocab;
  }

  /**
   * Creates an utterance classification task.
   *
   * @param name the task name, for example {@code kws}
   * @param classes the class names, index = class id
   * @return the task, scored by {@code accuracy}
   */
  public static SpeechTask classification(String name, List<String> classes) {
    return new SpeechTask(
        name,
        TaskType.CLASSIFICATION,
        TaskType.CLASSIFICATION.defaultMetric(),
        List.of(classes),
        null);
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
  public static SpeechTask intent(
      String name, List<String> actions, List<String> objects, List<String> locations) {
    return new SpeechTask(
        name,
        TaskType.INTENT,
        TaskType.INTENT.defaultMetric(),
        List.of(actions, objects, locations),
        null);
  }

  /**
   * Creates a CTC transcription task.
   *
   * @param name the task name
   * @param vocabulary the output vocabulary; its pad token is the blank
   * @return the task, scored by {@code wer}
   */
  public static SpeechTask ctc(String name, Vocabulary vocabulary) {
    checkArgument(vocabulary != null, "CTC task '%s' needs a vocabulary", name);
    return new SpeechTask(name, TaskType.CTC, TaskType.CTC.defaultMetric(), List.of(), vocabulary);
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
  public static SpeechTask fromTrainingData(String name, TaskType type, List<ManifestEntry> train) {
    checkArgument(train != null && !train.isEmpty(), "task '%s' has no training entries", name);
    switch (type) {
      case CLASSIFICATION:
        return classification(name, distinct(train, LABEL));
      case INTENT:
        return intent(
            name,
            distinct(train, INTENT_SLOTS.get(0)),
            distinct(train, INTENT_SLOTS.get(1)),
            distinct(train, INTENT_SLOTS.get(2)));
      case CTC:
      default:
        List<String> texts = new ArrayList<>();
        train.forEach(e -> texts.add(e.get(TRANSCRIPT)));
        return ctc(name, Vocabulary.fromTranscripts(texts, Vocabulary.Kind.CHARACTERS, false));
    }
  }

  private static List<String> distinct(List<ManifestEntry> entries, String column) {
    TreeSet<String> values = new TreeSet<>();
    entries.forEach(e -> values.add(e.get(column)));
    return List.copyOf(values);
  }

  /**
   * Returns a copy that follows another metric for early stopping and the best checkpoint.
   *
   * @param newMetric a metric the task's evaluator reports (for example {@code cer}, {@code
   *     weighted_f1})
   * @return the task
   */
  public SpeechTask withMetric(String newMetric) {
    checkArgument(
        metricNames().contains(newMetric),
        "task '%s' (%s) reports %s, not '%s'",
        name,
        type.id(),
        metricNames(),
        newMetric);
    return new SpeechTask(name, type, newMetric, labels, vocabulary, layerWeightedSum);
  }

  /**
   * Returns a copy whose pooled head reads a learnable softmax-weighted sum of all hidden states
   * (the SUPERB probe) instead of the last one (SURE's choice).
   *
   * @param v whether to use the weighted sum; classification and intent only
   * @return the task
   */
  public SpeechTask withLayerWeightedSum(boolean v) {
    return new SpeechTask(name, type, metric, labels, vocabulary, v);
  }

  /**
   * Says whether the head reads a weighted sum of all hidden states.
   *
   * @return true for the SUPERB-style weighted sum, false for the last hidden state
   */
  public boolean layerWeightedSum() {
    return layerWeightedSum;
  }

  /**
   * Returns the metrics this task's evaluator reports.
   *
   * @return the metric names
   */
  public List<String> metricNames() {
    switch (type) {
      case CLASSIFICATION:
        return List.of("accuracy", "weighted_f1", "macro_f1");
      case INTENT:
        return List.of("accuracy", "action_accuracy", "object_accuracy", "location_accuracy");
      case CTC:
      default:
        return List.of("wer", "cer");
    }
  }

  /**
   * Returns the task name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the form.
   *
   * @return the type
   */
  public TaskType type() {
    return type;
  }

  /**
   * Returns the metric that picks the best checkpoint.
   *
   * @return the metric name
   */
  public String metric() {
    return metric;
  }

  /**
   * Says whether a larger value of {@link #metric()} is better.
   *
   * @return false for error rates
   */
  public boolean greaterIsBetter() {
    return TaskType.greaterIsBetter(metric);
  }

  /**
   * Returns the classes of a classification task, or the values of one intent slot.
   *
   * @param slot 0 for classification; 0, 1, 2 (action, object, location) for intent
   * @return the label names, index = id
   */
  public List<String> labels(int slot) {
    checkArgument(slot >= 0 && slot < labels.size(), "task '%s' has no label set %s", name, slot);
    return labels.get(slot);
  }

  /**
   * Returns the label sets: one for classification, three for intent, none for CTC.
   *
   * @return the label sets
   */
  public List<List<String>> labelSets() {
    return labels;
  }

  /**
   * Returns the CTC vocabulary.
   *
   * @return the vocabulary
   * @throws IllegalStateException for a task that is not CTC
   */
  public Vocabulary vocabulary() {
    if (vocabulary == null) {
      throw new IllegalStateException("task '" + name + "' is " + type.id() + ", not ctc");
    }
    return vocabulary;
  }

  /**
   * Creates and initialises this task's head with the SURE defaults (projector 256, mean pooling
   * over valid frames; CTC: Linear(D -> V) with dropout 0.1).
   *
   * @param encoder the encoder's configuration: width {@code D} and layers {@code L}
   * @param manager where the head's parameters live
   * @return an initialised head taking the encoder's outputs ({@code [batch, frames, D]} hidden
   *     states, the frame mask and, for the weighted sum, all {@code L + 1} hidden states)
   */
  public Block newHead(EncoderConfig encoder, NDManager manager) {
    int hiddenSize = encoder.hiddenSize();
    int states = layerWeightedSum ? encoder.numHiddenLayers() + 1 : 0;
    Block head;
    switch (type) {
      case CLASSIFICATION:
        head =
            UtteranceClassifierHead.builder()
                .setHiddenSize(hiddenSize)
                .setNumClasses(labels.get(0).size())
                .optLayerWeightedSum(states)
                .build();
        break;
      case INTENT:
        head =
            IntentHead.builder()
                .setHiddenSize(hiddenSize)
                .optSlotSizes(labels.get(0).size(), labels.get(1).size(), labels.get(2).size())
                .optLayerWeightedSum(states)
                .build();
        break;
      case CTC:
      default:
        head = new CtcHead(hiddenSize, vocabulary.size(), 0.1f);
    }
    head.initialize(manager, DataType.FLOAT32, new Shape(1, 10, hiddenSize), new Shape(1, 10));
    return head;
  }

  /**
   * Creates the training loss: cross-entropy, the summed intent cross-entropies, or CTC.
   *
   * @return the loss
   */
  public Loss loss() {
    switch (type) {
      case CLASSIFICATION:
        return new ClassificationLoss();
      case INTENT:
        return new IntentLoss();
      case CTC:
      default:
        return CtcLoss.create();
    }
  }

  /**
   * Creates a fresh evaluator reporting {@link #metricNames()}.
   *
   * @return the evaluator
   */
  public Evaluator newEvaluator() {
    switch (type) {
      case CLASSIFICATION:
        return new ClassificationEvaluator(labels.get(0));
      case INTENT:
        return new IntentEvaluator();
      case CTC:
      default:
        return new CtcEvaluator(vocabulary);
    }
  }

  /**
   * Returns how a batch's entries become label arrays: class ids {@code [batch]} (int64), intent
   * slot ids {@code [batch, 3]}, or CTC targets {@code [batch, maxLength]} (padded with the blank)
   * and lengths {@code [batch]}.
   *
   * @return the label encoder; it throws for a label outside the task's label set, naming the
   *     entry's file and line
   */
  public BatchLabels batchLabels() {
    return this::encode;
  }

  private NDList encode(NDManager manager, List<ManifestEntry> entries) {
    int b = entries.size();
    switch (type) {
      case CLASSIFICATION:
        {
          long[] ids = new long[b];
          for (int i = 0; i < b; i++) {
            ids[i] = id(entries.get(i), LABEL, 0);
          }
          return new NDList(manager.create(ids));
        }
      case INTENT:
        {
          long[] ids = new long[3 * b];
          for (int i = 0; i < b; i++) {
            for (int k = 0; k < 3; k++) {
              ids[3 * i + k] = id(entries.get(i), INTENT_SLOTS.get(k), k);
            }
          }
          return new NDList(manager.create(ids, new Shape(b, 3)));
        }
      case CTC:
      default:
        {
          int[][] targets = new int[b][];
          int width = 1;
          for (int i = 0; i < b; i++) {
            targets[i] = vocabulary.encode(entries.get(i).get(TRANSCRIPT));
            width = Math.max(width, targets[i].length);
          }
          long[] flat = new long[b * width];
          java.util.Arrays.fill(flat, vocabulary.blankId());
          long[] lengths = new long[b];
          for (int i = 0; i < b; i++) {
            for (int j = 0; j < targets[i].length; j++) {
              flat[i * width + j] = targets[i][j];
            }
            lengths[i] = targets[i].length;
          }
          NDArray t = manager.create(flat, new Shape(b, width));
          return new NDList(t, manager.create(lengths));
        }
    }
  }

  private long id(ManifestEntry e, String column, int slot) {
    String value = e.get(column);
    int id = labels.get(slot).indexOf(value);
    if (id < 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s (manifest line %d): %s '%s' is not one of task '%s''s %d values %s",
              e.audio(), e.line(), column, value, name, labels.get(slot).size(), labels.get(slot)));
    }
    return id;
  }

  /**
   * Describes predictions in words, one string per utterance: the class name, the intent as {@code
   * action / object / location}, or the greedy transcript.
   *
   * @param predictions the head's outputs for a batch
   * @return one description per utterance
   */
  public List<String> describe(NDList predictions) {
    List<String> out = new ArrayList<>();
    switch (type) {
      case CLASSIFICATION:
        for (long id : predictions.head().argMax(1).toType(DataType.INT64, false).toLongArray()) {
          out.add(labels.get(0).get((int) id));
        }
        return out;
      case INTENT:
        {
          long[][] ids = new long[3][];
          for (int k = 0; k < 3; k++) {
            ids[k] = predictions.get(k).argMax(1).toType(DataType.INT64, false).toLongArray();
          }
          for (int i = 0; i < ids[0].length; i++) {
            out.add(
                labels.get(0).get((int) ids[0][i])
                    + " / "
                    + labels.get(1).get((int) ids[1][i])
                    + " / "
                    + labels.get(2).get((int) ids[2][i]));
          }
          return out;
        }
      case CTC:
      default:
        long[] frames = predictions.size() > 1 ? predictions.get(1).toLongArray() : null;
        for (int[] ids :
            new dev.sure4j.speech.ctc.CtcGreedyDecoder(vocabulary.blankId())
                .decode(predictions.head(), frames)) {
          out.add(vocabulary.decode(ids));
        }
        return out;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SpeechTask t)) {
      return false;
    }
    return name.equals(t.name)
        && type == t.type
        && metric.equals(t.metric)
        && labels.equals(t.labels)
        && layerWeightedSum == t.layerWeightedSum
        && (vocabulary == null
            ? t.vocabulary == null
            : t.vocabulary != null
                && vocabulary.tokens().equals(t.vocabulary.tokens())
                && vocabulary.kind() == t.vocabulary.kind()
                && vocabulary.blankId() == t.vocabulary.blankId()
                && vocabulary.unkId() == t.vocabulary.unkId()
                && vocabulary.delimiter().equals(t.vocabulary.delimiter()));
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, type, metric, labels);
  }

  @Override
  public String toString() {
    String what =
        type == TaskType.CTC
            ? vocabulary.size() + " tokens"
            : labels.stream()
                    .map(l -> String.valueOf(l.size()))
                    .reduce((a, c) -> a + "/" + c)
                    .orElse("")
                + " labels";
    return String.format("%s (%s, %s, metric %s)", name, type.id(), what, metric);
  }
}
