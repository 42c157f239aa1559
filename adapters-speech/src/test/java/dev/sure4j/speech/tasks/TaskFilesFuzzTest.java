package dev.sure4j.speech.tasks;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.testing.FuzzFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension
  static final FuzzFile FILE =
      FuzzFile.named(TaskFiles.FILE_NAME).documenting(IllegalArgumentException.class);

  @FuzzTest(maxDuration = "2m")
  void load(byte[] data) throws IOException {
    FILE.read(data, file -> checkLabelSets(TaskFiles.load(file.getParent())));
  }

  private static void checkLabelSets(SpeechTask task) {
    int max = InputLimits.defaults().maxLabels();
    for (List<String> set : task.labelSets()) {
      if (set.size() > max) {
        throw new AssertionError("a label set over the limit: " + set.size());
      }
    }
  }
}
