package dev.sure4j.adapters.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test class whose every test gets a fresh base {@link NDManager}, closed after the test. */
public abstract class ManagedTest {

  /** The manager of the running test. */
  protected NDManager manager;

  /** Opens the test's manager. */
  @BeforeEach
  protected void openManager() {
    manager = NDManager.newBaseManager();
  }

  /** Closes the test's manager and everything attached to it. */
  @AfterEach
  protected void closeManager() {
    manager.close();
  }
}
