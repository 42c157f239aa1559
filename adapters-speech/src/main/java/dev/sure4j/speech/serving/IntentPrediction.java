package dev.sure4j.speech.serving;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.tasks.TaskType;

/**
 * A Fluent Speech Commands intent: one class per slot.
 *
 * @param action the action slot, for example {@code activate}
 * @param object the object slot, for example {@code lights}
 * @param location the location slot, for example {@code kitchen}
 */
public record IntentPrediction(
    ClassPrediction action, ClassPrediction object, ClassPrediction location)
    implements Prediction {

  /** Checks that every slot is present. */
  public IntentPrediction {
    checkArgument(
        action != null && object != null && location != null,
        "an intent needs all three slots: %s / %s / %s",
        action,
        object,
        location);
  }

  @Override
  public TaskType type() {
    return TaskType.INTENT;
  }

  @Override
  public String text() {
    return action.label() + " / " + object.label() + " / " + location.label();
  }
}
