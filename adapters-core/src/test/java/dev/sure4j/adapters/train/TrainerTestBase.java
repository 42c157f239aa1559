package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh temporary directory and a root manager for each training test, closed after it. */
abstract class TrainerTestBase {

  @TempDir Path dir;

  NDManager root;

  @BeforeEach
  void openRoot() {
    root = NDManager.newBaseManager();
  }

  @AfterEach
  void closeRoot() {
    root.close();
  }
}
