package dev.sure4j.speech.tasks;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.train.Evaluator;
import java.io.IOException;
import java.util.Map;

/** Runs a model over a dataset in inference mode and returns an evaluator's metrics. */
public final class TaskEvaluation {

  private TaskEvaluation() {}

  /**
   * Evaluates.
   *
   * @param model the model (for example an {@link dev.sure4j.adapters.model.AdapterModel} whose
   *     active adapter has the task's head); its outputs go to {@code evaluator}
   * @param data batches of model inputs and labels
   * @param evaluator the evaluator; it is reset first
   * @param manager the manager batches are made on; every batch is closed after use
   * @return the evaluator's metrics over the whole dataset
   * @throws IOException when the data cannot be read
   * @throws TranslateException when the dataset fails to make a batch
   */
  public static Map<String, Double> evaluate(
      Block model, Dataset data, Evaluator evaluator, NDManager manager)
      throws IOException, TranslateException {
    evaluator.reset();
    try (NDManager scope = manager.newSubManager()) {
      ParameterStore store = new ParameterStore(scope, false);
      for (Batch batch : data.getData(scope)) {
        try (batch) {
          evaluator.update(model.forward(store, batch.getData(), false), batch.getLabels());
        }
      }
    }
    return evaluator.metrics();
  }
}
