package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A confusion matrix over named classes, with the classification metrics derived from it.
 *
 * <p>Row = true class, column = predicted class. F1 follows scikit-learn with {@code
 * zero_division=0}: a class with no true and no predicted samples is left out of the macro and
 * weighted averages (scikit-learn's default label set is the union of true and predicted labels); a
 * class with zero precision and recall (e.g. never predicted) has F1 0. Weighted F1 weights each
 * class's F1 by its support (true count).
 */
public final class ConfusionMatrix {

  private final ImmutableList<String> labels;
  private final long[][] counts;

  private ConfusionMatrix(List<String> labels, long[][] counts) {
    this.labels = ImmutableList.copyOf(labels);
    this.counts = counts;
  }

  /**
   * Counts true/predicted pairs.
   *
   * @param labels class names, index = class id
   * @param truth true class ids in {@code [0, labels.size())}
   * @param predicted predicted class ids, same length
   * @return the matrix
   */
  public static ConfusionMatrix of(List<String> labels, int[] truth, int[] predicted) {
    checkArgument(
        truth.length == predicted.length,
        "%s true labels but %s predictions",
        truth.length,
        predicted.length);
    int k = labels.size();
    long[][] c = new long[k][k];
    for (int i = 0; i < truth.length; i++) {
      checkArgument(
          truth[i] >= 0 && truth[i] < k && predicted[i] >= 0 && predicted[i] < k,
          "sample %s: true %s / predicted %s outside [0, %s)",
          i,
          truth[i],
          predicted[i],
          k);
      c[truth[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(labels, c);
  }

  /**
   * Returns the class names.
   *
   * @return the labels, index = class id
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * Returns one cell.
   *
   * @param trueClass the row
   * @param predictedClass the column
   * @return the number of samples of {@code trueClass} predicted as {@code predictedClass}
   */
  public long count(int trueClass, int predictedClass) {
    return counts[trueClass][predictedClass];
  }

  /**
   * Returns the number of samples.
   *
   * @return the total count
   */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long v : row) {
        t += v;
      }
    }
    return t;
  }

  /**
   * Fraction of samples predicted correctly (0 when there are none).
   *
   * @return accuracy in {@code [0, 1]}
   */
  public double accuracy() {
    long n = total();
    long right = 0;
    for (int i = 0; i < counts.length; i++) {
      right += counts[i][i];
    }
    return n == 0 ? 0 : (double) right / n;
  }

  /**
   * True count of a class.
   *
   * @param c the class id
   * @return the row sum
   */
  public long support(int c) {
    long s = 0;
    for (long v : counts[c]) {
      s += v;
    }
    return s;
  }

  private long predictedCount(int c) {
    long s = 0;
    for (long[] row : counts) {
      s += row[c];
    }
    return s;
  }

  /**
   * F1 of one class: {@code 2 tp / (2 tp + fp + fn)}, 0 when the denominator is 0.
   *
   * @param c the class id
   * @return F1 in {@code [0, 1]}
   */
  public double f1(int c) {
    long tp = counts[c][c];
    long denominator = support(c) + predictedCount(c);
    return denominator == 0 ? 0 : 2.0 * tp / denominator;
  }

  /**
   * Unweighted mean of F1 over the classes that occur in the truth or the predictions.
   *
   * @return macro F1
   */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < counts.length; c++) {
      if (support(c) + predictedCount(c) > 0) {
        sum += f1(c);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * Mean of F1 weighted by support.
   *
   * @return weighted F1 (0 when there are no samples)
   */
  public double weightedF1() {
    long n = total();
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += support(c) * f1(c);
    }
    return n == 0 ? 0 : sum / n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("true\\pred");
    labels.forEach(l -> sb.append('\t').append(l));
    for (int i = 0; i < counts.length; i++) {
      sb.append('\n').append(labels.get(i));
      for (long v : counts[i]) {
        sb.append('\t').append(v);
      }
    }
    return sb.toString();
  }
}
