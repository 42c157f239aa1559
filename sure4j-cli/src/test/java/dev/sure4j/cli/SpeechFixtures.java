package dev.sure4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fixtures that the adapters-speech tests commit and the command tests reuse. */
public final class SpeechFixtures {

  private static final Path RESOURCES =
      Path.of("..", "adapters-speech", "src", "test", "resources");

  private static final Path MINI = Path.of("..", "data", "mini").toAbsolutePath().normalize();

  private SpeechFixtures() {}

  /**
   * Writes {@code <corpus>/<task>/<split>.csv} with every {@code step}-th line of the bundled
   * {@code data/mini/<task>} manifests ({@code testStep}-th for the test split), with absolute
   * paths.
   *
   * @param corpus the corpus root to write into
   * @param task the mini corpus task, such as {@code kws}
   * @param step the line step of the train and val splits
   * @param testStep the line step of the test split
   * @return the task's manifest directory
   * @throws IOException when a manifest cannot be read or written
   */
  public static Path miniSubset(Path corpus, String task, int step, int testStep)
      throws IOException {
    Path dir = corpus.resolve(task);
    Files.createDirectories(dir);
    for (String split : List.of("train", "val", "test")) {
      List<String> lines = Files.readAllLines(MINI.resolve(task).resolve(split + ".csv"));
      List<String> out = new ArrayList<>();
      out.add(lines.get(0));
      int every = split.equals("test") ? testStep : step;
      for (int i = 1; i < lines.size(); i += every) {
        out.add(MINI.resolve(task) + "/" + lines.get(i));
      }
      Files.write(dir.resolve(split + ".csv"), out);
    }
    return dir;
  }

  /**
   * Returns a path under adapters-speech's test resources, from this module's directory.
   *
   * @param parts the path's components below {@code src/test/resources}
   * @return the path
   */
  public static Path resource(String... parts) {
    return RESOURCES.resolve(Path.of("", parts));
  }
}
