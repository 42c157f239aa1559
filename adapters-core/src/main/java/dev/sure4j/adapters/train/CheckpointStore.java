package dev.sure4j.adapters.train;

import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes checkpoints atomically with {@link AtomicFiles#writeDirectory}: into a fresh sibling
 * directory, which then replaces the old one by rename. Between the two renames the previous
 * checkpoint sits in {@link AtomicFiles#previous}, which {@link #locate} falls back to.
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
    Path target = outputDir.resolve(name);
    AtomicFiles.writeDirectory(
        target,
        tmp -> {
          writer.write(model, adapter, tmp);
          extra.write(tmp);
          state.write(tmp);
        });
    return target;
  }

  /**
   * Deletes the temporary directories of checkpoint writes that a killed process left in the run
   * directory. Only one run may write a run directory at a time.
   *
   * @throws IOException when an entry cannot be listed or deleted
   */
  void deleteLeftovers() throws IOException {
    AtomicFiles.deleteLeftovers(outputDir.resolve(BEST));
    AtomicFiles.deleteLeftovers(outputDir.resolve(LAST));
  }

  /**
   * Returns the checkpoint directory to read: {@code dir} itself, or, when a crash happened between
   * the two renames, the previous checkpoint kept beside it.
   */
  static Optional<Path> find(Path dir) {
    if (Files.isRegularFile(dir.resolve(TrainingState.FILE))) {
      return Optional.of(dir);
    }
    Path old = AtomicFiles.previous(dir.toAbsolutePath());
    if (Files.isRegularFile(old.resolve(TrainingState.FILE))) {
      return Optional.of(old);
    }
    return Optional.empty();
  }

  /** As {@link #find}, failing when there is no checkpoint. */
  static Path locate(Path dir) throws IOException {
    Optional<Path> found = find(dir);
    if (found.isEmpty()) {
      throw new IOException("no checkpoint in " + dir + " (no " + TrainingState.FILE + ")");
    }
    return found.get();
  }
}
