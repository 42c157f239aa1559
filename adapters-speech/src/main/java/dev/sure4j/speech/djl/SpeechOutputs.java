package dev.sure4j.speech.djl;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.modality.Classifications;
import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskType;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;

/**
 * The translator output type of each task form: {@link Classifications} for classification (every
 * class with its softmax probability, in label-set order), {@link String} for a CTC transcript,
 * {@link IntentPrediction} for an intent; {@link Prediction} fits every form.
 */
public final class SpeechOutputs {

  private record Kind(Class<?> type, Function<Prediction, ?> read) {}

  private static final Map<TaskType, Kind> KINDS =
      Map.of(
          TaskType.CLASSIFICATION,
          new Kind(Classifications.class, p -> classifications((ClassPrediction) p)),
          TaskType.CTC,
          new Kind(String.class, Prediction::text),
          TaskType.INTENT,
          new Kind(IntentPrediction.class, p -> p));

  private SpeechOutputs() {}

  /**
   * Returns how a task's predictions become an output type.
   *
   * @param type the output type: the form's own type, or {@link Prediction}
   * @param task the adapter's task
   * @param <O> the output type
   * @return the conversion
   * @throws IllegalArgumentException when the type does not fit the task, naming the type that does
   */
  public static <O> Function<Prediction, O> forType(Class<O> type, SpeechTask task) {
    if (type == Prediction.class) {
      return type::cast;
    }
    Kind kind = KINDS.get(task.type());
    checkArgument(
        kind.type() == type,
        "task '%s' is %s: its output type is %s (or Prediction), not %s",
        task.name(),
        task.type().id(),
        kind.type().getSimpleName(),
        type == null ? null : type.getName());
    return p -> type.cast(kind.read().apply(p));
  }

  /**
   * Converts a class prediction.
   *
   * @param p the prediction
   * @return every class with its probability, in label-set order
   */
  public static Classifications classifications(ClassPrediction p) {
    return new Classifications(
        new ArrayList<>(p.scores().keySet()), new ArrayList<>(p.scores().values()));
  }
}
