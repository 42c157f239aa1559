package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.data.ManifestEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

/** Checks and steps the {@link SpeechTask} forms share. */
final class TaskSupport {

  private TaskSupport() {}

  /**
   * Checks a task name.
   *
   * @param name the name
   * @return the name: letters, digits, {@code .}, {@code _} and {@code -}
   */
  static String checkName(String name) {
    checkArgument(
        name != null && name.matches("[A-Za-z0-9_.-]+"),
        "task names use letters, digits, '.', '_' and '-': '%s'",
        name);
    return name;
  }

  /**
   * Checks that a task's evaluator reports a metric.
   *
   * @param name the task name
   * @param type the task's form
   * @param metric the metric
   * @param metricNames the metrics the form's evaluator reports
   * @return the metric
   */
  static String checkMetric(String name, TaskType type, String metric, List<String> metricNames) {
    checkArgument(metric != null && !metric.isBlank(), "task '%s' needs a metric", name);
    checkArgument(
        metricNames.contains(metric),
        "task '%s' (%s) reports %s, not '%s'",
        name,
        type.id(),
        metricNames,
        metric);
    return metric;
  }

  /**
   * Checks and copies a label set.
   *
   * @param name the task name
   * @param labels the label names, index = id
   * @return an immutable copy
   */
  static List<String> labelSet(String name, List<String> labels) {
    checkArgument(labels != null && !labels.isEmpty(), "task '%s' has an empty label set", name);
    checkArgument(
        new TreeSet<>(labels).size() == labels.size(),
        "task '%s' repeats a label: %s",
        name,
        labels);
    return ImmutableList.copyOf(labels);
  }

  /**
   * Returns the sorted distinct values of a manifest column.
   *
   * @param entries the entries
   * @param column the column
   * @return the values, sorted
   */
  static List<String> distinct(List<ManifestEntry> entries, String column) {
    TreeSet<String> values = new TreeSet<>();
    entries.forEach(e -> values.add(e.get(column)));
    return List.copyOf(values);
  }

  /**
   * Returns the id of an entry's label.
   *
   * @param name the task name
   * @param e the entry
   * @param column the label's column
   * @param values the label set
   * @return the index of the entry's value in {@code values}
   * @throws IllegalArgumentException for a value outside the set, naming the file and line
   */
  static long id(String name, ManifestEntry e, String column, List<String> values) {
    String value = e.get(column);
    int id = values.indexOf(value);
    if (id < 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s (manifest line %d): %s '%s' is not one of task '%s''s %d values %s",
              e.audio(), e.line(), column, value, name, values.size(), values));
    }
    return id;
  }

  /**
   * Returns the label ids of a batch's entries, one per label column.
   *
   * @param name the task name
   * @param entries the batch's entries
   * @param columns the label columns, e.g. {@code [label]}
   * @param labelSets each column's label set
   * @return row-major ids {@code [entries, columns]}: entry {@code i}'s id in column {@code c} at
   *     {@code i * columns + c}
   * @throws IllegalArgumentException for a value outside its set, as {@link #id}
   */
  static long[] ids(
      String name,
      List<ManifestEntry> entries,
      List<String> columns,
      List<List<String>> labelSets) {
    int k = columns.size();
    long[] ids = new long[entries.size() * k];
    for (int i = 0; i < entries.size(); i++) {
      for (int c = 0; c < k; c++) {
        ids[k * i + c] = id(name, entries.get(i), columns.get(c), labelSets.get(c));
      }
    }
    return ids;
  }

  /**
   * Names each row's most likely labels.
   *
   * @param predictions one logits array {@code [batch, classes]} per label set
   * @param labelSets the label sets
   * @return per row, its labels joined by {@code " / "}
   */
  static List<String> predictedLabels(NDList predictions, List<List<String>> labelSets) {
    long[][] ids = new long[labelSets.size()][];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = argMax(predictions.get(k));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids[0].length; i++) {
      StringJoiner row = new StringJoiner(" / ");
      for (int k = 0; k < ids.length; k++) {
        row.add(labelSets.get(k).get((int) ids[k][i]));
      }
      out.add(row.toString());
    }
    return out;
  }

  /**
   * Returns the number of hidden states a pooled head sums.
   *
   * @param encoder the backbone
   * @param layerWeightedSum whether the head uses the weighted sum
   * @return {@code L + 1}, or 0 for the last hidden state only
   */
  static int hiddenStates(SpeechBackbone encoder, boolean layerWeightedSum) {
    return layerWeightedSum ? encoder.numHiddenLayers() + 1 : 0;
  }

  /**
   * Initialises a head for the encoder's outputs.
   *
   * @param head the head
   * @param encoder the backbone
   * @param manager where the head's parameters live
   * @return the head
   */
  static Block initialized(Block head, SpeechBackbone encoder, NDManager manager) {
    head.initialize(
        manager, DataType.FLOAT32, new Shape(1, 10, encoder.hiddenSize()), new Shape(1, 10));
    return head;
  }

  /**
   * Returns the most likely class of each row.
   *
   * @param logits {@code [batch, classes]}
   * @return {@code batch} class ids
   */
  static long[] argMax(NDArray logits) {
    return logits.argMax(1).toType(DataType.INT64, false).toLongArray();
  }

  /**
   * Describes a task in one line, as {@code kws (classification, 12 labels, metric accuracy)}.
   *
   * @param task the task
   * @param what its label set in words
   * @return the description
   */
  static String describe(SpeechTask task, String what) {
    return String.format(
        "%s (%s, %s, metric %s)", task.name(), task.type().id(), what, task.metric());
  }

  /**
   * Describes label sets by their sizes, as {@code 6/14/4 labels}.
   *
   * @param sets the label sets
   * @return the description
   */
  static String sizes(List<List<String>> sets) {
    return sets.stream().map(l -> String.valueOf(l.size())).reduce((a, c) -> a + "/" + c).orElse("")
        + " labels";
  }
}
