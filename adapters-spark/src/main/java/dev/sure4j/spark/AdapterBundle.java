package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.speech.tasks.TaskFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One adapter directory as bytes, read once at the driver and broadcast to the executors, which
 * write it to a local directory and load it into their session.
 *
 * @param name the name rows use
 * @param source where it was read (for messages)
 * @param files file name to content: at least {@code adapter_config.json}, {@code
 *     adapter_model.safetensors} and, for a task adapter, {@code task.json}
 */
public record AdapterBundle(String name, String source, Map<String, byte[]> files)
    implements Serializable {

  /** The files a task adapter directory must hold. */
  public static final List<String> REQUIRED =
      List.of(AdapterConfig.FILE_NAME, AdapterFiles.TENSOR_FILE, TaskFiles.FILE_NAME);

  /**
   * The files a transcription adapter directory must hold (a Whisper adapter has no {@code
   * task.json}).
   */
  public static final List<String> TRANSCRIPTION_REQUIRED =
      List.of(AdapterConfig.FILE_NAME, AdapterFiles.TENSOR_FILE);

  /** Copies the files and checks that an adapter's two files are present. */
  public AdapterBundle {
    files = ImmutableMap.copyOf(files);
    checkHolds(name, source, files, TRANSCRIPTION_REQUIRED);
  }

  private static void checkHolds(
      String name, String source, Map<String, byte[]> files, List<String> required) {
    List<String> missing = new ArrayList<>(required);
    missing.removeAll(files.keySet());
    checkArgument(
        missing.isEmpty(),
        "adapter '%s' at %s: missing %s (the adapter directory must hold %s)",
        name,
        source,
        missing,
        required);
  }

  /**
   * Reads the regular files of an adapter directory.
   *
   * @param name the adapter's name
   * @param dir a Hadoop path to the directory
   * @param conf the Hadoop configuration that resolves the path's filesystem
   * @return the bundle
   * @throws IllegalArgumentException when the directory does not exist or lacks a required file
   * @throws IOException when a file cannot be read
   */
  public static AdapterBundle read(String name, String dir, Configuration conf) throws IOException {
    return read(name, dir, conf, REQUIRED);
  }

  /**
   * Reads the regular files of an adapter directory that must hold the given files.
   *
   * @param name the adapter's name
   * @param dir a Hadoop path to the directory
   * @param conf the Hadoop configuration that resolves the path's filesystem
   * @param required {@link #REQUIRED} for a task adapter, {@link #TRANSCRIPTION_REQUIRED} for a
   *     Whisper adapter
   * @return the bundle
   * @throws IllegalArgumentException when the directory does not exist or lacks a required file
   * @throws IOException when a file cannot be read
   */
  public static AdapterBundle read(
      String name, String dir, Configuration conf, List<String> required) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(conf);
    checkArgument(
        fs.exists(path) && fs.getFileStatus(path).isDirectory(),
        "adapter '%s': %s is not a directory",
        name,
        dir);
    ImmutableMap.Builder<String, byte[]> files = ImmutableMap.builder();
    for (FileStatus f : fs.listStatus(path)) {
      if (f.isFile()) {
        try (InputStream in = fs.open(f.getPath())) {
          files.put(f.getPath().getName(), in.readAllBytes());
        }
      }
    }
    Map<String, byte[]> read = files.buildOrThrow();
    checkHolds(name, dir, read, required);
    return new AdapterBundle(name, dir, read);
  }

  /**
   * Returns a digest of the name and the files, so that an executor loads a changed adapter of the
   * same name as a new one.
   *
   * @return 16 hex digits
   */
  public String digest() {
    Hasher h = Hashing.sha256().newHasher().putString(name, StandardCharsets.UTF_8);
    files.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> h.putString(e.getKey(), StandardCharsets.UTF_8).putBytes(e.getValue()));
    return h.hash().toString().substring(0, 16);
  }

  /**
   * Writes the files into a new directory.
   *
   * @param dir a local directory that does not exist yet
   * @throws IOException when a file cannot be written
   */
  public void writeTo(java.nio.file.Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      AtomicFiles.writeBytes(dir.resolve(e.getKey()), e.getValue());
    }
  }
}
