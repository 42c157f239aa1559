package dev.sure4j.speech.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Turns the manifest entries of one batch into the label arrays a loss reads, for example class ids
 * {@code [batch]} int64 for a classifier, or padded targets and lengths for CTC.
 */
@FunctionalInterface
public interface BatchLabels {

  /**
   * Encodes the labels of one batch.
   *
   * @param manager the batch's manager; create the arrays with it
   * @param entries the batch's entries, in batch order (unreadable files already left out)
   * @return the label arrays
   * @throws IllegalArgumentException for a label the task does not know (the message names the
   *     entry's line)
   */
  NDList encode(NDManager manager, List<ManifestEntry> entries);
}
