package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.data.Manifest;
import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The train, validation and test entries of one task. Audio is not read here: entries name files,
 * which {@link dev.sure4j.speech.data.AudioDataset} streams from disk.
 *
 * @param train the training entries, not empty
 * @param val the validation entries (early stopping and the best checkpoint), not empty
 * @param test the test entries (the reported score), not empty
 * @param missing listed audio files that did not exist and were left out
 */
public record TaskData(
    List<ManifestEntry> train, List<ManifestEntry> val, List<ManifestEntry> test, int missing) {

  /** Validates and copies the lists. */
  public TaskData {
    checkArgument(train != null && !train.isEmpty(), "the training split is empty");
    checkArgument(val != null && !val.isEmpty(), "the validation split is empty");
    checkArgument(test != null && !test.isEmpty(), "the test split is empty");
    checkArgument(missing >= 0, "missing must be >= 0: %s", missing);
    train = ImmutableList.copyOf(train);
    val = ImmutableList.copyOf(val);
    test = ImmutableList.copyOf(test);
  }

  /**
   * Reads a directory of manifests: {@code train}, {@code val} (or {@code valid}, {@code dev}) and
   * {@code test}, each {@code .csv}, {@code .tsv} or {@code .jsonl} ({@link Manifest}).
   *
   * @param dir the directory, for example {@code data/mini/kws}
   * @return the entries
   * @throws IOException when a manifest cannot be read
   * @throws IllegalArgumentException when a split's manifest is missing; the message lists the
   *     names tried
   */
  public static TaskData fromManifests(Path dir) throws IOException {
    checkArgument(Files.isDirectory(dir), "%s is not a directory of manifests", dir);
    Manifest train = Manifest.read(find(dir, "train"));
    Manifest val = Manifest.read(find(dir, "val", "valid", "dev", "validation"));
    Manifest test = Manifest.read(find(dir, "test"));
    return new TaskData(
        train.entries(),
        val.entries(),
        test.entries(),
        train.missing().size() + val.missing().size() + test.missing().size());
  }

  private static Path find(Path dir, String... names) {
    for (String n : names) {
      for (String ext : new String[] {".csv", ".tsv", ".jsonl"}) {
        Path p = dir.resolve(n + ext);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "%s has no %s manifest (tried %s with .csv, .tsv, .jsonl)",
            dir, names[0], List.of(names)));
  }
}
