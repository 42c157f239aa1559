package dev.sure4j.speech.serving;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.tasks.TaskType;

/**
 * A greedy CTC transcript.
 *
 * @param transcript the decoded text (may be empty)
 */
public record TranscriptPrediction(String transcript) implements Prediction {

  /** Checks that the transcript is present. */
  public TranscriptPrediction {
    checkArgument(transcript != null, "a transcript prediction needs a transcript");
  }

  @Override
  public TaskType type() {
    return TaskType.CTC;
  }

  @Override
  public String text() {
    return transcript;
  }
}
