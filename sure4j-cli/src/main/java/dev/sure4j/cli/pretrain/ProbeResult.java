package dev.sure4j.cli.pretrain;

import java.util.Locale;

/**
 * Frozen-feature probe accuracies per hidden state, for the pretrained backbone and the same
 * architecture at its initial weights.
 *
 * @param task the mini task
 * @param trainClips clips the probe was fitted on
 * @param testClips clips it was scored on
 * @param classes classes of the task
 * @param pretrained test accuracy per hidden state {@code 0..L}
 * @param initial the same for the initial weights
 */
public record ProbeResult(
    String task,
    int trainClips,
    int testClips,
    int classes,
    double[] pretrained,
    double[] initial) {

  /**
   * Renders a Markdown table, one row per hidden state.
   *
   * @return the table
   */
  public String table() {
    StringBuilder sb =
        new StringBuilder("| hidden state | pretrained | initial weights |\n|---|---:|---:|\n");
    for (int l = 0; l < pretrained.length; l++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.3f |%n",
              l == 0 ? "0 (transformer input)" : "layer " + l,
              pretrained[l],
              initial[l]));
    }
    return sb.toString();
  }
}
