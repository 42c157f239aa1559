package dev.sure4j.speech.tasks;

import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bundled mini corpora ({@code data/mini}), thinned for quick tests. */
public final class MiniData {

  /** The directory of the mini corpora, one subdirectory per task, from a module's directory. */
  public static final Path MINI = Path.of("..", "data", "mini");

  private MiniData() {}

  /**
   * One mini corpus's manifests, thinned by {@link #every(TaskData, int, int, int)}.
   *
   * @param corpus the corpus, e.g. {@code kws}
   */
  public static TaskData small(String corpus, int trainStep, int valStep, int testStep)
      throws IOException {
    return every(TaskData.fromManifests(MINI.resolve(corpus)), trainStep, valStep, testStep);
  }

  /**
   * Keeps every {@code trainStep}-th training entry (from the first), every {@code valStep}-th
   * validation entry and every {@code testStep}-th test entry.
   */
  public static TaskData every(TaskData d, int trainStep, int valStep, int testStep) {
    return new TaskData(
        every(d.train(), trainStep), every(d.val(), valStep), every(d.test(), testStep), 0);
  }

  private static List<ManifestEntry> every(List<ManifestEntry> all, int step) {
    List<ManifestEntry> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += step) {
      out.add(all.get(i));
    }
    return out;
  }
}
