package dev.sure4j.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTranscriber;
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
 * The backbones of one executor JVM: one {@link SpeechSession} (or, for a Whisper directory, one
 * {@link WhisperSession}) per model path and device, opened on first use and shared by every task
 * of the JVM (a session runs one forward pass at a time, so the tasks of an executor take turns on
 * the model while their audio decoding runs in parallel). Adapters are written from their broadcast
 * bytes to a local temporary directory and loaded once, under {@code name__digest}. The sessions,
 * and with them the native memory, are closed when the JVM exits.
 *
 * <p>The libtorch thread counts ({@code ai.djl.pytorch.num_threads}, {@code
 * ai.djl.pytorch.num_interop_threads}) are set before the first session opens, unless the JVM was
 * started with them; they take effect when the PyTorch engine starts in this JVM.
 */
final class ExecutorSessions {
  private static final Map<String, SpeechSession> SESSIONS = new HashMap<>();
  private static final Map<String, WhisperSession> WHISPER = new HashMap<>();
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
        java.nio.file.Path local = prepare(model, threads, conf);
        session =
            device == null
                ? SpeechSession.open(local)
                : SpeechSession.open(local, TaskDevices.resolve(device));
        SESSIONS.put(key, session);
        LOADED.put(key, new HashSet<>());
      }
      SpeechSession s = session;
      loadOnce(key, adapter, dir -> s.load(loadedName(adapter), dir));
      return session;
    } catch (IOException e) {
      throw new UncheckedIOException(model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns this JVM's Whisper session for a Whisper directory with an adapter loaded, as {@link
   * #session} does for the other backbones.
   *
   * @param model the Whisper directory's Hadoop path
   * @param adapter the adapter (a PEFT or sure4j adapter directory's files), or null
   * @param threads libtorch intra-op threads, &gt;= 1
   * @param device {@code cpu}, {@code gpu} or {@code gpu:N}, or null for the engine's default
   * @param conf resolves the model's filesystem
   * @return the session; the adapter is loaded as {@link #loadedName(AdapterBundle)}
   * @throws UncheckedIOException when the model or the adapter cannot be read
   */
  static synchronized WhisperSession whisper(
      String model, AdapterBundle adapter, int threads, String device, Configuration conf) {
    try {
      String key = "whisper:" + (device == null ? model : model + "@" + device);
      WhisperSession session = WHISPER.get(key);
      if (session == null) {
        java.nio.file.Path local = prepare(model, threads, conf);
        Device d =
            device == null ? Engine.getInstance().defaultDevice() : TaskDevices.resolve(device);
        session = WhisperSession.open(local, Map.of(), d, WhisperTranscriber.MAX_NEW_TOKENS);
        WHISPER.put(key, session);
        LOADED.put(key, new HashSet<>());
      }
      WhisperSession s = session;
      loadOnce(key, adapter, dir -> s.load(loadedName(adapter), dir));
      return session;
    } catch (IOException e) {
      throw new UncheckedIOException(model + ": " + e.getMessage(), e);
    }
  }

  /** Sets the thread counts before the engine starts, adds the closing hook, copies the model. */
  private static java.nio.file.Path prepare(String model, int threads, Configuration conf)
      throws IOException {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    if (!hookAdded) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ExecutorSessions::closeAll, "sure4j-sessions-close"));
      hookAdded = true;
    }
    return localCopy(model, conf);
  }

  /** Something that loads an adapter directory into a session. */
  private interface Loader {
    void load(java.nio.file.Path dir) throws IOException;
  }

  /** Writes a broadcast adapter to a temporary directory and loads it, once per session. */
  private static void loadOnce(String key, AdapterBundle adapter, Loader loader)
      throws IOException {
    if (adapter != null && !LOADED.get(key).contains(loadedName(adapter))) {
      java.nio.file.Path root = Files.createTempDirectory("sure4j-adapter-");
      try {
        adapter.writeTo(root.resolve("adapter"));
        loader.load(root.resolve("adapter"));
      } finally {
        AtomicFiles.deleteTree(root);
      }
      LOADED.get(key).add(loadedName(adapter));
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
    WHISPER.values().forEach(WhisperSession::close);
    WHISPER.clear();
    LOADED.clear();
  }
}
