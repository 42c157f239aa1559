package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import dev.sure4j.adapters.train.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores an utterance classifier during training: the arg-max of the logits against the class ids.
 *
 * <p>Predictions: logits {@code [batch, classes]} first; labels: class ids {@code [batch]} first.
 * Metrics: {@code accuracy}, {@code weighted_f1} and {@code macro_f1} from a {@link
 * ConfusionMatrix}, all in [0, 1].
 */
public final class ClassificationEvaluator implements Evaluator {

  private final List<String> labels;
  private final List<Integer> truth = new ArrayList<>();
  private final List<Integer> predicted = new ArrayList<>();

  /**
   * Creates an evaluator.
   *
   * @param labels the class names, index = class id
   */
  public ClassificationEvaluator(List<String> labels) {
    checkArgument(labels != null && !labels.isEmpty(), "labels must not be empty");
    this.labels = ImmutableList.copyOf(labels);
  }

  @Override
  public void reset() {
    truth.clear();
    predicted.clear();
  }

  @Override
  public void update(NDList predictions, NDList labelArrays) {
    NDArray logits = predictions.head();
    checkArgument(
        logits.getShape().dimension() == 2 && logits.getShape().get(1) == labels.size(),
        "logits must be [batch, %s], got %s",
        labels.size(),
        logits.getShape());
    long[] p = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
    long[] t = labelArrays.head().toType(DataType.INT64, false).toLongArray();
    checkArgument(p.length == t.length, "%s predictions for %s labels", p.length, t.length);
    for (int i = 0; i < p.length; i++) {
      predicted.add((int) p[i]);
      truth.add((int) t[i]);
    }
  }

  /**
   * Returns the confusion matrix of everything since {@link #reset()}.
   *
   * @return the matrix
   */
  public ConfusionMatrix confusionMatrix() {
    return ConfusionMatrix.of(labels, Ints.toArray(truth), Ints.toArray(predicted));
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (truth.isEmpty()) {
      return out;
    }
    ConfusionMatrix cm = confusionMatrix();
    out.put("accuracy", cm.accuracy());
    out.put("weighted_f1", cm.weightedF1());
    out.put("macro_f1", cm.macroF1());
    return out;
  }
}
