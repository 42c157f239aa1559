package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.data.ManifestEntry;
import java.util.List;

/**
 * A corpus read for one task: its train, validation and test entries.
 *
 * <p>Each entry's audio file existed when the corpus was read; audio is not opened. The fields
 * follow the task's conventions (see {@link CorpusReader}).
 *
 * @param corpus the corpus name, for example {@code esd}
 * @param task the task name, for example {@code ser}
 * @param train the training entries (an immutable copy)
 * @param val the validation entries (an immutable copy)
 * @param test the test entries (an immutable copy)
 * @param missing how many entries the corpus lists whose audio file does not exist; they are left
 *     out of the three lists
 */
public record CorpusSplits(
    String corpus,
    String task,
    List<ManifestEntry> train,
    List<ManifestEntry> val,
    List<ManifestEntry> test,
    int missing) {

  /** Validates and copies the values. */
  public CorpusSplits {
    checkNotNull(corpus, "corpus");
    checkNotNull(task, "task");
    train = ImmutableList.copyOf(checkNotNull(train, "train"));
    val = ImmutableList.copyOf(checkNotNull(val, "val"));
    test = ImmutableList.copyOf(checkNotNull(test, "test"));
    checkArgument(missing >= 0, "missing must be >= 0: %s", missing);
  }

  /**
   * Returns the number of entries over the three splits.
   *
   * @return train + val + test sizes
   */
  public int size() {
    return train.size() + val.size() + test.size();
  }
}
