package dev.sure4j.speech.corpora;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads one corpus in its standard on-disk layout into train, validation and test entries for a
 * task.
 *
 * <p>Task names: {@code ser} (emotion), {@code sid} (speaker identification), {@code ks} (keyword
 * spotting), {@code ic} (intent), {@code asr} (CTC transcripts), {@code pr} (word transcripts for
 * phoneme recognition). Fields of each {@link dev.sure4j.speech.data.ManifestEntry}: classification
 * tasks put the class in {@code label}; {@code ic} puts {@code action}, {@code object}, {@code
 * location} (and {@code transcript}); {@code asr} and {@code pr} put {@code transcript}; {@code
 * speaker} is added where the corpus gives it. The entry's line is the line of the corpus' own list
 * file where there is one, else a 1-based index within the split; it is only for messages.
 *
 * <p>Readers do not open audio files. A file that the corpus lists but that does not exist is left
 * out and counted in {@link CorpusSplits#missing()}. A missing root, a missing required list file
 * or a malformed line is an error whose message names the file (and line) and the expected layout.
 * See {@code docs/corpora.md} for every layout and split rule.
 */
public interface CorpusReader {

  /**
   * Returns the corpus name used in {@code name:path} specs.
   *
   * @return the lower-case name, for example {@code esd}
   */
  String name();

  /**
   * Returns the tasks this corpus supports.
   *
   * @return task names, for example {@code [ser, sid]}
   */
  Set<String> tasks();

  /**
   * Reads the corpus for a task.
   *
   * @param root the corpus root directory
   * @param task one of {@link #tasks()}
   * @return the three splits
   * @throws IOException when a directory or list file cannot be read
   * @throws IllegalArgumentException for an unsupported task, a missing root or list file, or a
   *     malformed line (the message names the file, the line and the expected layout)
   */
  CorpusSplits read(Path root, String task) throws IOException;
}
