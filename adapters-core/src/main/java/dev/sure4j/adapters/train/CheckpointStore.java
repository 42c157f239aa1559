package dev.sure4j.adapters.train;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.sure4j.adapters.AdapterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes checkpoints atomically: into a fresh sibling directory, which then replaces the old one by
 * rename. Between the two renames the previous checkpoint sits in {@code .<name>-old}, which {@link
 * #locate} falls back to.
 */
final class CheckpointStore {

  static final String BEST = "best";
  static final String LAST = "last";

  private final Path outputDir;
  private final CheckpointWriter writer;
  private final ExtraState extra;

  /** Writes more state (for example the optimizer's) into the checkpoint being assembled. */
  interface ExtraState {
    void write(Path dir) throws IOException;
  }

  CheckpointStore(Path outputDir, CheckpointWriter writer, ExtraState extra) {
    this.outputDir = outputDir;
    this.writer = writer;
    this.extra = extra;
  }

  Path save(String name, AdapterModel model, String adapter, TrainingState state)
      throws IOException {
    Files.createDirectories(outputDir);
    Path target = outputDir.resolve(name);
    Path tmp = Files.createTempDirectory(outputDir, "." + name + "-tmp-");
    try {
      writer.write(model, adapter, tmp);
      extra.write(tmp);
      state.write(tmp);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      throw e;
    }
    Path old = outputDir.resolve("." + name + "-old");
    deleteRecursively(old);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(old);
    return target;
  }

  /**
   * Returns the checkpoint directory to read: {@code dir} itself, or, when a crash happened between
   * the two renames, the previous checkpoint kept beside it.
   */
  static Path locate(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(TrainingState.FILE))) {
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    Path old = parent.resolve("." + dir.getFileName() + "-old");
    if (Files.isRegularFile(old.resolve(TrainingState.FILE))) {
      return old;
    }
    throw new IOException("no checkpoint in " + dir + " (no " + TrainingState.FILE + ")");
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
