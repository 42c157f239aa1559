package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pass over the evaluation data in inference mode: {@code eval_loss} (the loss weighted by
 * batch size) and the evaluator's metrics.
 *
 * @param data the evaluation data
 * @param loss the training loss
 * @param evaluator the metrics beside the loss, or null for the loss alone
 */
record EvalPass(Dataset data, Loss loss, Evaluator evaluator) {

  /**
   * Evaluates the engine's model.
   *
   * @param engine the engine
   * @return {@code eval_loss} first, then the evaluator's metrics
   * @throws IOException when the data cannot be read
   * @throws TranslateException when the data fail to produce batches
   */
  Map<String, Double> run(TrainingEngine engine) throws IOException, TranslateException {
    Map<String, Double> out = new LinkedHashMap<>();
    if (evaluator != null) {
      evaluator.reset();
    }
    double sum = 0;
    long n = 0;
    try (NDManager evalManager = engine.newBatchManager()) {
      for (Batch batch : data.getData(evalManager)) {
        try (batch) {
          NDList predictions = engine.predict(batch.getData());
          NDArray l = loss.evaluate(batch.getLabels(), predictions);
          sum += l.getFloat() * batch.getSize();
          n += batch.getSize();
          if (evaluator != null) {
            evaluator.update(predictions, batch.getLabels());
          }
        }
      }
    }
    out.put(TrainingConfig.EVAL_LOSS, n == 0 ? Double.NaN : sum / n);
    if (evaluator != null) {
      Map<String, Double> m = evaluator.metrics();
      checkArgument(
          !m.containsKey(TrainingConfig.EVAL_LOSS),
          "an evaluator must not produce '%s'",
          TrainingConfig.EVAL_LOSS);
      out.putAll(m);
    }
    return out;
  }
}
