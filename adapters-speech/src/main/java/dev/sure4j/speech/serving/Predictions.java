package dev.sure4j.speech.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sure4j.speech.tasks.SpeechTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns a task head's outputs for a batch into one {@link Prediction} per utterance. */
public final class Predictions {

  private Predictions() {}

  /**
   * Reads a batch.
   *
   * @param task the adapter's task
   * @param out the head's outputs: logits {@code [batch, classes]} (classification), three slot
   *     logits {@code [batch, values]} (intent), or CTC log-probabilities {@code [batch, frames,
   *     vocabulary]} with the valid frame counts {@code [batch]}
   * @return one prediction per utterance, in batch order
   */
  public static List<Prediction> read(SpeechTask task, NDList out) {
    return switch (task.type()) {
      case CTC ->
          new ArrayList<>(task.describe(out).stream().map(TranscriptPrediction::new).toList());
      case CLASSIFICATION -> new ArrayList<>(slot(task.labels(0), out.get(0)));
      case INTENT -> intents(task, out);
    };
  }

  private static List<Prediction> intents(SpeechTask task, NDList out) {
    List<ClassPrediction> actions = slot(task.labels(0), out.get(0));
    List<ClassPrediction> objects = slot(task.labels(1), out.get(1));
    List<ClassPrediction> locations = slot(task.labels(2), out.get(2));
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      predictions.add(new IntentPrediction(actions.get(i), objects.get(i), locations.get(i)));
    }
    return predictions;
  }

  private static List<ClassPrediction> slot(List<String> labels, NDArray logits) {
    int batch = (int) logits.getShape().get(0);
    int classes = (int) logits.getShape().get(1);
    float[] flat = logits.toFloatArray();
    List<ClassPrediction> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(
          ClassPrediction.ofLogits(
              labels, Arrays.copyOfRange(flat, b * classes, (b + 1) * classes)));
    }
    return out;
  }
}
