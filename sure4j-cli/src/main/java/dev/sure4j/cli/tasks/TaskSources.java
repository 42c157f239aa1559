package dev.sure4j.cli.tasks;

import dev.sure4j.speech.corpora.Corpora;
import dev.sure4j.speech.corpora.CorpusSplits;
import dev.sure4j.speech.corpora.TaskNames;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the task commands' {@code --data} values into task data: a corpus in its standard layout
 * ({@code esd:/data/ESD}, see {@link Corpora}), a directory of {@code train/val/test} manifests, or
 * the root of the bundled mini corpus with a task name.
 */
final class TaskSources {

  private TaskSources() {}

  /**
   * Reads a task's splits from a {@code --data} value.
   *
   * @param data {@code corpus:path} (a name {@link Corpora#reader} knows) or a path
   * @param task the task name: a corpus task ({@code ser}, {@code sid}, {@code ks}, {@code ic},
   *     {@code asr}) for a corpus, else the manifest directory's name under a corpus root
   * @return the splits
   * @throws IOException when a file cannot be read
   */
  static TaskData read(String data, String task) throws IOException {
    if (isCorpusSpec(data)) {
      CorpusSplits s = Corpora.read(data, task);
      return new TaskData(s.train(), s.val(), s.test(), s.missing());
    }
    return read(Path.of(data), task);
  }

  /**
   * Says whether a {@code --data} value names a corpus reader ({@code name:path}).
   *
   * @param data the value
   * @return true for {@code esd:/data/ESD} and the like
   */
  static boolean isCorpusSpec(String data) {
    int colon = data.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String name = data.substring(0, colon).toLowerCase(Locale.ROOT);
    return Corpora.all().stream().anyMatch(r -> r.name().equals(name));
  }

  /**
   * Returns the form of a corpus task.
   *
   * @param task {@code ser}, {@code sid}, {@code ks}, {@code ic}, {@code asr}, {@code pr} or {@code
   *     sf}, or an alias
   * @return the form
   */
  static TaskType typeOfCorpusTask(String task) {
    return switch (TaskNames.forCorpus(task)) {
      case "ic" -> TaskType.INTENT;
      case "asr", "pr", "sf" -> TaskType.CTC;
      default -> TaskType.CLASSIFICATION;
    };
  }

  /**
   * Reads a task's splits.
   *
   * @param data a directory of manifests, or a directory holding {@code <task>/} manifest
   *     directories (the mini corpus root)
   * @param task the task name, used to find {@code data/<task>/} in a corpus root; an alias finds
   *     the directory of another spelling ({@code ks} finds {@code data/mini/kws})
   * @return the splits
   * @throws IOException when a manifest cannot be read
   * @throws IllegalArgumentException when no manifests are found (the message names the paths)
   */
  static TaskData read(Path data, String task) throws IOException {
    return TaskData.fromManifests(manifestDirectory(data, task));
  }

  /**
   * Returns the manifest directory a {@code --data} value and task name point at.
   *
   * @param data {@code corpus:path}, a directory of manifests, or a directory holding {@code
   *     <task>/} manifest directories
   * @param task the task name; an alias finds the directory of another spelling
   * @return {@code data/<task>} when it exists, else {@code data}; null for a corpus spec
   */
  static Path manifestDirectory(String data, String task) {
    return isCorpusSpec(data) ? null : manifestDirectory(Path.of(data), task);
  }

  private static Path manifestDirectory(Path data, String task) {
    if (task != null) {
      for (String name : TaskNames.directoryCandidates(task)) {
        if (Files.isDirectory(data.resolve(name))) {
          return data.resolve(name);
        }
      }
    }
    return data;
  }

  /**
   * Returns a task's form: given, from the corpus task name, or guessed from the columns.
   *
   * @param data the splits
   * @param given the form named on the command line, or null
   * @param dataSpec the {@code --data} value, or null
   * @param task the task name
   * @return the form
   */
  static TaskType typeOf(TaskData data, TaskType given, String dataSpec, String task) {
    if (given != null) {
      return given;
    }
    if (dataSpec != null && isCorpusSpec(dataSpec)) {
      return typeOfCorpusTask(task);
    }
    return guess(data);
  }

  /**
   * Guesses a task's form from its manifest columns: {@code action} means intent, {@code label}
   * classification, {@code transcript} CTC.
   *
   * @param data the splits
   * @return the form
   * @throws IllegalArgumentException when none of the columns is present
   */
  private static TaskType guess(TaskData data) {
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
