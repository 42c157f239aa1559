package dev.sure4j.speech.serving;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.sure4j.speech.tasks.TaskType;
import java.util.List;
import java.util.Map;

/**
 * A class chosen from a label set, with the softmax probability of every class.
 *
 * @param label the class with the largest logit (the first one on ties)
 * @param scores class name to probability in [0, 1], in label-set order; they sum to 1
 */
public record ClassPrediction(String label, Map<String, Double> scores) implements Prediction {

  /** Validates the label and copies the scores. */
  public ClassPrediction {
    checkArgument(label != null, "a class prediction needs a label");
    scores = ImmutableMap.copyOf(scores);
    checkArgument(scores.containsKey(label), "label '%s' is not among %s", label, scores.keySet());
  }

  /**
   * Reads one row of logits.
   *
   * @param labels the class names, index = class id
   * @param logits one utterance's logits [classes]
   * @return the prediction: arg max and softmax (computed in double precision)
   */
  public static ClassPrediction ofLogits(List<String> labels, float[] logits) {
    checkArgument(
        labels.size() == logits.length,
        "%s logits for %s labels %s",
        logits.length,
        labels.size(),
        labels);
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp((double) logits[i] - logits[best]);
      sum += e[i];
    }
    ImmutableMap.Builder<String, Double> scores = ImmutableMap.builder();
    for (int i = 0; i < logits.length; i++) {
      scores.put(labels.get(i), e[i] / sum);
    }
    return new ClassPrediction(labels.get(best), scores.buildOrThrow());
  }

  @Override
  public TaskType type() {
    return TaskType.CLASSIFICATION;
  }

  @Override
  public String text() {
    return label;
  }
}
