package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy over logits with class-index labels, averaged over the batch: PyTorch's {@code
 * nn.CrossEntropyLoss()} (the SURE classification loss).
 *
 * <p>Predictions {@code [logits [batch, classes]]}; labels {@code [classes [batch]]} (integer class
 * ids; {@code [batch, 1]} accepted). DJL's {@code Loss.softmaxCrossEntropyLoss()} computes the same
 * value with its defaults ({@code sparseLabel = true}: labels are indices; {@code fromLogit =
 * true}: it applies log-softmax itself; mean over the batch), but with {@code fromLogit = false} it
 * would treat the predictions as log-probabilities, and with {@code sparseLabel = false} as
 * one-hot/probability targets. This class fixes the semantics, validates shapes and is used for
 * every logits array of {@link IntentLoss}.
 */
public final class ClassificationLoss extends Loss {

  /** Creates the loss named {@code "ClassificationLoss"}. */
  public ClassificationLoss() {
    this("ClassificationLoss");
  }

  /**
   * Creates the loss.
   *
   * @param name the evaluator name in training logs
   */
  public ClassificationLoss(String name) {
    super(name);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return crossEntropy(predictions.get(0), labels.get(0));
  }

  /**
   * Mean cross-entropy.
   *
   * @param logits unnormalised scores {@code [batch, classes]}
   * @param labels class ids {@code [batch]} or {@code [batch, 1]}
   * @return the scalar loss (nats)
   */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    checkArgument(
        logits.getShape().dimension() == 2,
        "logits must be [batch, classes], got %s",
        logits.getShape());
    long batch = logits.getShape().get(0);
    checkArgument(
        labels.size() == batch,
        "labels must hold batch=%s class ids, got shape %s",
        batch,
        labels.getShape());
    NDArray idx = labels.toType(DataType.INT64, false).reshape(batch, 1);
    return logits.logSoftmax(1).gather(idx, 1).neg().mean();
  }
}
