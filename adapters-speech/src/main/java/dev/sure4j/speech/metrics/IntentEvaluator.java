package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.sure4j.adapters.train.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a Fluent Speech Commands intent head: an utterance is right only when its action, object
 * and location are all right ({@link IntentAccuracy}).
 *
 * <p>Predictions: the three logits arrays {@code [batch, n_k]} of {@link
 * dev.sure4j.speech.heads.IntentHead}; labels: slot ids {@code [batch, 3]}. Metrics, in [0, 1]:
 * {@code accuracy} (all three right), {@code action_accuracy}, {@code object_accuracy} and {@code
 * location_accuracy}.
 */
public final class IntentEvaluator implements Evaluator {

  private static final String[] SLOTS = {"action", "object", "location"};

  private final List<int[]> truth = new ArrayList<>();
  private final List<int[]> predicted = new ArrayList<>();

  @Override
  public void reset() {
    truth.clear();
    predicted.clear();
  }

  @Override
  public void update(NDList predictions, NDList labels) {
    checkArgument(
        predictions.size() >= 3,
        "intent predictions must be 3 logits arrays, got %s",
        predictions.size());
    NDArray ids = labels.head();
    checkArgument(
        ids.getShape().dimension() == 2 && ids.getShape().get(1) == 3,
        "intent labels must be [batch, 3], got %s",
        ids.getShape());
    int batch = (int) ids.getShape().get(0);
    long[] t = ids.toType(DataType.INT64, false).toLongArray();
    long[][] p = new long[3][];
    for (int k = 0; k < 3; k++) {
      p[k] = predictions.get(k).argMax(1).toType(DataType.INT64, false).toLongArray();
      checkArgument(p[k].length == batch, "%s predictions for %s labels", p[k].length, batch);
    }
    for (int i = 0; i < batch; i++) {
      truth.add(new int[] {(int) t[3 * i], (int) t[3 * i + 1], (int) t[3 * i + 2]});
      predicted.add(new int[] {(int) p[0][i], (int) p[1][i], (int) p[2][i]});
    }
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (truth.isEmpty()) {
      return out;
    }
    out.put(
        "accuracy",
        IntentAccuracy.allSlotsRight(truth.toArray(new int[0][]), predicted.toArray(new int[0][])));
    for (int k = 0; k < 3; k++) {
      int right = 0;
      for (int i = 0; i < truth.size(); i++) {
        right += truth.get(i)[k] == predicted.get(i)[k] ? 1 : 0;
      }
      out.put(SLOTS[k] + "_accuracy", (double) right / truth.size());
    }
    return out;
  }
}
