package dev.sure4j.speech.serving;

import dev.sure4j.speech.tasks.TaskType;

/**
 * What an adapter predicts for one utterance, typed by its task's form: {@link ClassPrediction},
 * {@link IntentPrediction} or {@link TranscriptPrediction}.
 */
public sealed interface Prediction permits ClassPrediction, IntentPrediction, TranscriptPrediction {

  /**
   * Returns the form of the task that predicted this.
   *
   * @return the task type
   */
  TaskType type();

  /**
   * Returns the prediction in words, exactly as {@code SpeechSession.predict} and {@code ./sure4j
   * predict} print it: the class name, {@code action / object / location}, or the transcript.
   *
   * @return the text
   */
  String text();
}
