package dev.sure4j.speech.corpora;

import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects entries per split, leaving out and counting listed files that do not exist. */
final class SplitsBuilder {
  private final String corpus;
  private final String task;
  private final Map<Split, List<ManifestEntry>> entries = new EnumMap<>(Split.class);
  private int missing;

  SplitsBuilder(String corpus, String task) {
    this.corpus = corpus;
    this.task = task;
    for (Split s : Split.values()) {
      entries.put(s, new ArrayList<>());
    }
  }

  /**
   * Adds a file named by a list file: kept when it exists, else counted as missing.
   *
   * @param line the line of the list file
   */
  void addListed(Split split, Path audio, Map<String, String> fields, int line) {
    if (Files.isRegularFile(audio)) {
      entries.get(split).add(new ManifestEntry(audio, fields, line));
    } else {
      missing++;
    }
  }

  /** Counts an utterance left out because a file it needs does not exist. */
  void countMissing() {
    missing++;
  }

  /** Adds a file found by listing a directory; its line is its 1-based index in the split. */
  void addFound(Split split, Path audio, Map<String, String> fields) {
    List<ManifestEntry> list = entries.get(split);
    list.add(new ManifestEntry(audio, fields, list.size() + 1));
  }

  CorpusSplits build() {
    return new CorpusSplits(
        corpus,
        task,
        entries.get(Split.TRAIN),
        entries.get(Split.VAL),
        entries.get(Split.TEST),
        missing);
  }
}
