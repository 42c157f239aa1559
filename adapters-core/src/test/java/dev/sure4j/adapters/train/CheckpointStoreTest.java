package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a resume reads a checkpoint from, including after a crash between the two renames. */
class CheckpointStoreTest {

  @TempDir Path out;

  private static Path checkpoint(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TrainingState.FILE), "{}");
    return dir;
  }

  @Test
  void aCompleteCheckpointIsReadInPlace() throws IOException {
    Path last = checkpoint(out.resolve("last"));
    checkpoint(out.resolve(".last.old"));
    assertEquals(last, CheckpointStore.locate(last));
  }

  @Test
  void afterACrashBetweenTheRenamesThePreviousCheckpointIsRead() throws IOException {
    Path aside = checkpoint(out.resolve(".last.old"));
    assertEquals(aside, CheckpointStore.locate(out.resolve("last")));
  }

  @Test
  void noCheckpointNamesTheDirectory() {
    Path last = out.resolve("last");
    IOException e = assertThrows(IOException.class, () -> CheckpointStore.locate(last));
    assertTrue(e.getMessage().contains(last.toString()), e.getMessage());
  }
}
