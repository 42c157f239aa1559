package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The Fluent Speech Commands loss: the sum of the action, object and location cross-entropies (each
 * a batch mean, as {@link ClassificationLoss}).
 *
 * <p>Predictions: the three logits arrays of {@link IntentHead}. Labels: {@code [batch, 3]} slot
 * ids (action, object, location), or three arrays {@code [batch]}.
 */
public final class IntentLoss extends Loss {

  /** Creates the loss named {@code "IntentLoss"}. */
  public IntentLoss() {
    super("IntentLoss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    checkArgument(
        predictions.size() == 3,
        "intent predictions must be 3 logits arrays, got %s",
        predictions.size());
    NDArray total = null;
    for (int i = 0; i < 3; i++) {
      NDArray label;
      if (labels.size() == 3) {
        label = labels.get(i);
      } else {
        NDArray all = labels.get(0);
        checkArgument(
            all.getShape().dimension() == 2 && all.getShape().get(1) == 3,
            "intent labels must be [batch, 3] or three [batch] arrays, got %s",
            all.getShape());
        label = all.get(":, " + i);
      }
      NDArray ce = ClassificationLoss.crossEntropy(predictions.get(i), label);
      total = total == null ? ce : total.add(ce);
    }
    return total;
  }
}
