package dev.sure4j.speech.tasks;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to a {@code task.json} and given to {@link TaskFiles#load(Path)}, give either
 * a task whose label sets are within {@link InputLimits#maxLabels()} or an {@link IOException} or
 * {@link IllegalArgumentException} of one line that names the file; anything else (another
 * exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/speech/tasks/TaskFilesFuzzTestInputs/load/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/security.md).
 */
class TaskFilesFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("fuzz-task");
    file = dir.resolve(TaskFiles.FILE_NAME);
  }

  @AfterAll
  static void deleteDir() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void load(byte[] data) throws IOException {
    Files.write(file, data);
    SpeechTask task;
    try {
      task = TaskFiles.load(dir);
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage();
      if (message == null
          || !message.contains(file.toString())
          || message.indexOf('\n') >= 0
          || message.indexOf('\r') >= 0) {
        throw new AssertionError("not one line naming the file: " + message, e);
      }
      return;
    }
    int max = InputLimits.defaults().maxLabels();
    for (List<String> set : task.labelSets()) {
      if (set.size() > max) {
        throw new AssertionError("a label set over the limit: " + set.size());
      }
    }
  }
}
