package dev.sure4j.speech.metrics;

import java.util.List;

/** Levenshtein edit distance: substitutions, deletions and insertions, each of cost 1. */
public final class EditDistance {

  private EditDistance() {}

  /**
   * Counts the edits that turn {@code reference} into {@code hypothesis}.
   *
   * @param reference the reference units (words, characters, phonemes)
   * @param hypothesis the hypothesis units
   * @param <T> the unit type (compared with {@code equals})
   * @return the minimum number of substitutions + deletions + insertions
   */
  public static <T> int levenshtein(List<T> reference, List<T> hypothesis) {
    int n = reference.size();
    int m = hypothesis.size();
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      for (int j = 1; j <= m; j++) {
        int sub = prev[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }
}
