package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.ctc.CtcGreedyDecoder;
import dev.sure4j.speech.ctc.CtcLoss;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.BatchLabels;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.heads.CtcHead;
import dev.sure4j.speech.metrics.CtcEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A transcript per utterance (ASR, phonemes, slot filling): a {@link CtcHead}, {@link CtcLoss} and
 * a {@link CtcEvaluator}, whose metrics follow the vocabulary's kind (characters: {@code wer},
 * {@code cer}; phoneme tokens: {@code per} too; characters with slot tags: {@code slot_type_f1} and
 * {@code slot_value_cer} too). Reads the manifest column {@code transcript}.
 *
 * @param name the task name, for example {@code asr}
 * @param metric the metric that picks the best checkpoint, one of {@link CtcEvaluator#metricNames}
 *     for the vocabulary's kind
 * @param vocabulary the output vocabulary; its pad token is the blank
 */
public record CtcTask(String name, String metric, Vocabulary vocabulary) implements SpeechTask {

  /** Validates the name, metric and vocabulary. */
  public CtcTask {
    TaskSupport.checkName(name);
    checkArgument(vocabulary != null, "CTC task '%s' needs a vocabulary", name);
    TaskSupport.checkMetric(
        name, TaskType.CTC, metric, CtcEvaluator.metricNames(vocabulary.kind()));
  }

  /**
   * Derives a character vocabulary from the training transcripts.
   *
   * @param name the task name
   * @param train the training entries
   * @return the task, scored by {@code wer}
   */
  static CtcTask fromTrainingData(String name, List<ManifestEntry> train) {
    return fromTrainingData(name, train, Vocabulary.Kind.CHARACTERS);
  }

  /**
   * Derives a vocabulary of a given kind from the training transcripts: characters (ASR),
   * whitespace-separated tokens (phonemes) or characters with slot tags (slot filling).
   *
   * @param name the task name
   * @param train the training entries, with a {@code transcript} column
   * @param kind the vocabulary's kind
   * @return the task, scored by the kind's default metric ({@code wer}, {@code per} or {@code
   *     slot_type_f1})
   */
  public static CtcTask fromTrainingData(
      String name, List<ManifestEntry> train, Vocabulary.Kind kind) {
    checkArgument(train != null && !train.isEmpty(), "task '%s' has no training entries", name);
    List<String> texts = new ArrayList<>();
    train.forEach(e -> texts.add(e.get(TRANSCRIPT)));
    return SpeechTask.ctc(name, Vocabulary.fromTranscripts(texts, kind, false));
  }

  @Override
  public TaskType type() {
    return TaskType.CTC;
  }

  @Override
  public List<String> metricNames() {
    return CtcEvaluator.metricNames(vocabulary.kind());
  }

  @Override
  public CtcTask withMetric(String newMetric) {
    return new CtcTask(name, newMetric, vocabulary);
  }

  /**
   * Returns this task: the layer-weighted sum is an option of the pooled heads only.
   *
   * @param v false
   * @return this task
   * @throws IllegalArgumentException when {@code v} is true
   */
  @Override
  public CtcTask withLayerWeightedSum(boolean v) {
    checkArgument(
        !v, "task '%s': the layer-weighted sum is an option of the pooled heads, not of CTC", name);
    return this;
  }

  @Override
  public boolean layerWeightedSum() {
    return false;
  }

  @Override
  public List<List<String>> labelSets() {
    return List.of();
  }

  @Override
  public Block newHead(SpeechBackbone encoder, NDManager manager) {
    return TaskSupport.initialized(
        new CtcHead(encoder.hiddenSize(), vocabulary.size(), 0.1f), encoder, manager);
  }

  @Override
  public Loss loss() {
    return CtcLoss.create();
  }

  @Override
  public Evaluator newEvaluator() {
    return new CtcEvaluator(vocabulary);
  }

  @Override
  public BatchLabels batchLabels() {
    return (manager, entries) -> {
      int b = entries.size();
      int[][] targets = new int[b][];
      int width = 1;
      for (int i = 0; i < b; i++) {
        targets[i] = vocabulary.encode(entries.get(i).get(TRANSCRIPT));
        width = Math.max(width, targets[i].length);
      }
      long[] flat = new long[b * width];
      Arrays.fill(flat, vocabulary.blankId());
      long[] lengths = new long[b];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < targets[i].length; j++) {
          flat[i * width + j] = targets[i][j];
        }
        lengths[i] = targets[i].length;
      }
      NDArray t = manager.create(flat, new Shape(b, width));
      return new NDList(t, manager.create(lengths));
    };
  }

  @Override
  public List<String> describe(NDList predictions) {
    long[] frames = predictions.size() > 1 ? predictions.get(1).toLongArray() : null;
    List<String> out = new ArrayList<>();
    for (int[] ids :
        new CtcGreedyDecoder(vocabulary.blankId()).decode(predictions.head(), frames)) {
      out.add(vocabulary.decode(ids));
    }
    return out;
  }

  /**
   * Compares name, metric and the vocabulary's tokens, kind, blank, unknown token and delimiter.
   *
   * @param o another object
   * @return true for an equal CTC task
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CtcTask t)) {
      return false;
    }
    Vocabulary v = t.vocabulary;
    return name.equals(t.name)
        && metric.equals(t.metric)
        && vocabulary.tokens().equals(v.tokens())
        && vocabulary.kind() == v.kind()
        && vocabulary.blankId() == v.blankId()
        && vocabulary.unkId() == v.unkId()
        && vocabulary.delimiter().equals(v.delimiter());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, metric, vocabulary.tokens(), vocabulary.kind());
  }

  @Override
  public String toString() {
    return TaskSupport.describe(this, vocabulary.size() + " tokens");
  }
}
