package dev.sure4j.spark;

import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The backbones of one executor JVM: one {@link SpeechSession} per model path and device, opened on
 * first use and shared by every task of the JVM (a session runs one forward pass at a time, so the
 * tasks of an executor take turns on the model while their audio decoding runs in parallel).
 * Adapters are written from their broadcast bytes to a local temporary directory and loaded once,
 * under {@code name__digest}. The sessions, and with them the native memory, are closed when the
 * JVM exits.
 *
 * <p>The libtorch thread counts ({@code ai.djl.pytorch.num_threads}, {@code
 * ai.djl.pytorch.num_interop_threads}) are set before the first session opens, unless the JVM was
 * started with them; they take effect when the PyTorch engine starts in this JVM.
 */
final class ExecutorSessions {
  private static final Map<String, SpeechSession> SESSIONS = new HashMap<>();
  private static final Map<String, Set<String>> LOADED = new HashMap<>();
  private static boolean hookAdded;

  private ExecutorSessions() {}

  /**
   * Returns this JVM's session for a model with an adapter loaded.
   *
   * @param model the model's Hadoop path
   * @param adapter the adapter, or null for the bare backbone
   * @param threads libtorch intra-op threads, &gt;= 1
   * @param device {@code cpu}, {@code gpu} or {@code gpu:N} (as {@link InferenceSpec#device()}), or
   *     null for the engine's default device
   * @param conf resolves the model's filesystem
   * @return the session; the adapter is loaded as {@link #loadedName(AdapterBundle)}
   * @throws UncheckedIOException when the model or the adapter cannot be read
   */
  static synchronized SpeechSession session(
      String model, AdapterBundle adapter, int threads, String device, Configuration conf) {
    try {
      String key = device == null ? model : model + "@" + device;
      SpeechSession session = SESSIONS.get(key);
      if (session == null) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
          System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
          System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        java.nio.file.Path local = localCopy(model, conf);
        session =
            device == null
                ? SpeechSession.open(local)
                : SpeechSession.open(local, TaskDevices.resolve(device));
        SESSIONS.put(key, session);
        LOADED.put(key, new HashSet<>());
        if (!hookAdded) {
          Runtime.getRuntime()
              .addShutdownHook(new Thread(ExecutorSessions::closeAll, "sure4j-sessions-close"));
          hookAdded = true;
        }
      }
      if (adapter != null && !LOADED.get(key).contains(loadedName(adapter))) {
        java.nio.file.Path root = Files.createTempDirectory("sure4j-adapter-");
        try {
          adapter.writeTo(root.resolve("adapter"));
          session.load(loadedName(adapter), root.resolve("adapter"));
        } finally {
          AtomicFiles.deleteTree(root);
        }
        LOADED.get(key).add(loadedName(adapter));
      }
      return session;
    } catch (IOException e) {
      throw new UncheckedIOException(model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the name an adapter is loaded under in a session.
   *
   * @param adapter the adapter
   * @return {@code name__digest}
   */
  static String loadedName(AdapterBundle adapter) {
    return adapter.name() + "__" + adapter.digest();
  }

  private static java.nio.file.Path localCopy(String model, Configuration conf) throws IOException {
    Path path = new Path(model);
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      return local.pathToFile(path).toPath();
    }
    java.nio.file.Path dir = Files.createTempDirectory("sure4j-model-");
    fs.copyToLocalFile(false, path, new Path(dir.toUri()), true);
    return dir.resolve(path.getName());
  }

  private static synchronized void closeAll() {
    SESSIONS.values().forEach(SpeechSession::close);
    SESSIONS.clear();
    LOADED.clear();
  }
}
