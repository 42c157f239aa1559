package dev.sure4j.speech.tasks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The task forms written in {@code task.json}, one per {@link SpeechTask} record: the three forms
 * of SURE's speech-understanding tasks, each with its head, loss and metric.
 */
public enum TaskType {
  /**
   * One label per utterance (emotion, keyword spotting, speaker ID): {@link
   * dev.sure4j.speech.heads.UtteranceClassifierHead}, cross-entropy, accuracy.
   */
  CLASSIFICATION("accuracy"),
  /**
   * Fluent Speech Commands intents: {@link dev.sure4j.speech.heads.IntentHead}, three summed
   * cross-entropies, accuracy with all three slots right.
   */
  INTENT("accuracy"),
  /**
   * A transcript per utterance (ASR, phonemes, slot filling): {@link
   * dev.sure4j.speech.heads.CtcHead}, CTC loss, word error rate (phoneme error rate for a phoneme
   * vocabulary, slot-type F1 for slot filling: {@link
   * dev.sure4j.speech.metrics.CtcEvaluator#metricNames}).
   */
  CTC("wer");

  private static final Set<String> LOWER_IS_BETTER =
      Set.of("wer", "cer", "per", "slot_value_cer", "eval_loss");

  private final String defaultMetric;

  TaskType(String defaultMetric) {
    this.defaultMetric = defaultMetric;
  }

  /**
   * Returns the metric SURE reports for this form.
   *
   * @return {@code accuracy} or {@code wer}
   */
  public String defaultMetric() {
    return defaultMetric;
  }

  /**
   * Says whether a larger value of a metric is better.
   *
   * @param metric a metric name such as {@code accuracy} or {@code cer}
   * @return false for error rates and losses, true otherwise
   */
  public static boolean greaterIsBetter(String metric) {
    return !LOWER_IS_BETTER.contains(metric);
  }

  /**
   * Parses a name as written in {@code task.json} ({@code classification}, {@code intent}, {@code
   * ctc}), case-insensitively.
   *
   * @param name the name
   * @return the type
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static TaskType parse(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException("unknown task type '" + name + "'; known: " + ids()));
  }

  /**
   * Finds a type by the name written in {@code task.json}, case-insensitively.
   *
   * @param name the name
   * @return the type, or empty for an unknown name
   */
  public static Optional<TaskType> find(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * Returns the names written in {@code task.json}.
   *
   * @return {@code classification, intent, ctc}
   */
  public static String ids() {
    return Arrays.stream(values()).map(TaskType::id).collect(Collectors.joining(", "));
  }

  /**
   * Returns the name written in {@code task.json}.
   *
   * @return the lower-case name
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
