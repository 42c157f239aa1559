package dev.sure4j.adapters.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The file a Jazzer fuzz target of a file reader writes each input to, as a JUnit extension: a
 * fresh temporary directory per test class holding the file (and any fixed companion files the
 * reader needs), deleted with its contents after the class.
 *
 * <p>{@link #read(byte[], Target)} writes the input, runs the target on the file, and turns a
 * documented exception into the property every reader promises: its message is one line that names
 * the file ({@link FuzzMessages#check}); any other exception, an error, or a message that is not
 * one line naming the file is a finding.
 *
 * <pre>{@code
 * @RegisterExtension static final FuzzFile FILE = FuzzFile.named("fuzz.npy");
 *
 * @FuzzTest(maxDuration = "2m")
 * void read(byte[] data) throws IOException {
 *   FILE.read(data, file -> check(NpyReader.read(file)));
 * }
 * }</pre>
 */
public final class FuzzFile implements BeforeAllCallback, AfterAllCallback {

  /** What a fuzz target does with the file that holds the input. */
  @FunctionalInterface
  public interface Target {
    /**
     * Reads the file and checks what was read; throws {@link AssertionError} for a finding.
     *
     * @param file the file holding the input bytes
     * @throws IOException when the reader refuses the file (a documented outcome)
     */
    void accept(Path file) throws IOException;
  }

  private final String fileName;
  private final List<Class<? extends RuntimeException>> documented;
  private final Map<String, byte[]> companions;
  private Path dir;

  private FuzzFile(
      String fileName,
      List<Class<? extends RuntimeException>> documented,
      Map<String, byte[]> companions) {
    this.fileName = fileName;
    this.documented = List.copyOf(documented);
    this.companions = companions;
  }

  /**
   * A fuzz file of this name whose reader documents {@link IOException} only.
   *
   * @param fileName the file's name inside the temporary directory, e.g. {@code task.json}
   * @return the extension, to register as a static field
   */
  public static FuzzFile named(String fileName) {
    return new FuzzFile(fileName, List.of(), Map.of());
  }

  /**
   * The same file, whose reader also documents this unchecked exception (also one line naming the
   * file).
   *
   * @param type e.g. {@code IllegalArgumentException.class}
   * @return a new extension
   */
  public FuzzFile documenting(Class<? extends RuntimeException> type) {
    List<Class<? extends RuntimeException>> types = new ArrayList<>(documented);
    types.add(type);
    return new FuzzFile(fileName, types, companions);
  }

  /**
   * The same file, with a fixed companion file next to it (written before the class).
   *
   * @param name the companion's name in the same directory
   * @param content its bytes
   * @return a new extension
   */
  public FuzzFile withCompanion(String name, byte[] content) {
    Map<String, byte[]> all = new LinkedHashMap<>(companions);
    all.put(name, content.clone());
    return new FuzzFile(fileName, documented, all);
  }

  /**
   * The file inputs are written to.
   *
   * @return its path, inside the class's temporary directory
   */
  public Path path() {
    return dir.resolve(fileName);
  }

  /**
   * Writes the input to the file and runs the target on it; a documented exception must have a
   * one-line message naming the file.
   *
   * @param data the fuzzer's input, written as the file's whole content
   * @param target reads the file and checks the result
   * @throws IOException when the input cannot be written
   */
  public void read(byte[] data, Target target) throws IOException {
    Path file = path();
    Files.write(file, data);
    try {
      target.accept(file);
    } catch (IOException e) {
      FuzzMessages.check(e, file.toString());
    } catch (RuntimeException e) {
      if (documented.stream().noneMatch(t -> t.isInstance(e))) {
        throw e;
      }
      FuzzMessages.check(e, file.toString());
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("fuzz-" + fileName.replace('.', '-'));
    for (Map.Entry<String, byte[]> c : companions.entrySet()) {
      Files.write(dir.resolve(c.getKey()), c.getValue());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
