package dev.sure4j.examples.tasks;

import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the task commands' {@code --data} values into task data: a directory of {@code
 * train/val/test} manifests, or the root of the bundled mini corpus with a task name.
 */
final class TaskSources {

  private TaskSources() {}

  /**
   * Reads a task's splits.
   *
   * @param data a directory of manifests, or a directory holding {@code <task>/} manifest
   *     directories (the mini corpus root)
   * @param task the task name, used to find {@code data/<task>/} in a corpus root
   * @return the splits
   * @throws IOException when a manifest cannot be read
   * @throws IllegalArgumentException when no manifests are found (the message names the paths)
   */
  static TaskData read(Path data, String task) throws IOException {
    Path dir = data;
    if (task != null && Files.isDirectory(data.resolve(task))) {
      dir = data.resolve(task);
    }
    return TaskData.fromManifests(dir);
  }

  /**
   * Guesses a task's form from its manifest columns: {@code action} means intent, {@code label}
   * classification, {@code transcript} CTC.
   *
   * @param data the splits
   * @return the form
   * @throws IllegalArgumentException when none of the columns is present
   */
  static TaskType typeOf(TaskData data) {
    ManifestEntry first = data.train().get(0);
    Map<String, String> f = first.fields();
    if (f.containsKey(SpeechTask.INTENT_SLOTS.get(0))) {
      return TaskType.INTENT;
    } else if (f.containsKey(SpeechTask.LABEL)) {
      return TaskType.CLASSIFICATION;
    } else if (f.containsKey(SpeechTask.TRANSCRIPT)) {
      return TaskType.CTC;
    }
    throw new IllegalArgumentException(
        String.format(
            "cannot tell the task form from the manifest columns %s (line %d, %s): expected 'label'"
                + " (classification), 'action'/'object'/'location' (intent) or 'transcript' (CTC)",
            f.keySet(), first.line(), first.audio()));
  }
}
