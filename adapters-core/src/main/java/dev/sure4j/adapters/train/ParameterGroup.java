package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A parameter group of the optimizer, as in PyTorch's {@code param_groups}: the trainable
 * parameters whose {@code StateDict} path matches a predicate train with the schedule's learning
 * rate multiplied by a factor. The factor scales the whole AdamW step of the group, the decoupled
 * weight decay included ({@code w *= 1 - factor * lr * weightDecay}), exactly as a group's own
 * {@code lr} does in {@code torch.optim.AdamW}.
 *
 * <p>A parameter belongs to the first group that matches it; a parameter no group matches keeps the
 * factor 1. LoRA+ is one group, {@link #loraPlus}.
 *
 * <pre>{@code
 * ParameterGroup b = new ParameterGroup("lora_B", p -> p.contains("lora_B"), 16);
 * }</pre>
 *
 * @param label a short name for messages, not blank
 * @param matches selects parameters by their {@code StateDict} path
 * @param lrMultiplier the factor on the learning rate, finite and {@code > 0}
 */
public record ParameterGroup(String label, Predicate<String> matches, double lrMultiplier) {

  /** Validates the values. */
  public ParameterGroup {
    checkArgument(label != null && !label.isBlank(), "parameter group label must not be blank");
    checkArgument(matches != null, "parameter group %s has no predicate", label);
    checkArgument(
        Double.isFinite(lrMultiplier) && lrMultiplier > 0,
        "parameter group %s: learning-rate multiplier must be finite and > 0: %s",
        label,
        lrMultiplier);
  }

  /** The label of the LoRA+ group. */
  public static final String LORA_PLUS = "lora_B";

  /**
   * Returns the group of LoRA+ (Hayou et al., 2024): {@code lora_B} trains with a learning rate
   * {@code ratio} times that of {@code lora_A}. As in PEFT's {@code create_loraplus_optimizer}, a
   * parameter is in the group when its path contains {@code lora_B}; PEFT also puts one-dimensional
   * trainable parameters (biases, norm scales) in it, which here keep the base rate.
   *
   * @param ratio {@code lr(B) / lr(A)}, finite and {@code > 0} (the paper uses 2 to 16)
   * @return the group of every {@code lora_B} parameter
   */
  public static ParameterGroup loraPlus(double ratio) {
    checkArgument(
        Double.isFinite(ratio) && ratio > 0, "LoRA+ ratio must be finite and > 0: %s", ratio);
    return new ParameterGroup(LORA_PLUS, path -> path.contains("lora_B"), ratio);
  }

  /**
   * Returns the learning-rate factor of a parameter: the multiplier of the first group that matches
   * its path, else 1.
   *
   * @param groups the groups, in order
   * @param path the parameter's {@code StateDict} path
   * @return the factor
   */
  public static double factorOf(List<ParameterGroup> groups, String path) {
    for (ParameterGroup g : groups) {
      if (g.matches().test(path)) {
        return g.lrMultiplier();
      }
    }
    return 1;
  }

  /**
   * Resolves the factor of every trainable parameter, by DJL parameter id.
   *
   * @param groups the groups, in order
   * @param byPath the trainable parameters by {@code StateDict} path
   * @param owner the model's name, for the error
   * @return an unmodifiable map from parameter id to factor
   * @throws IllegalArgumentException when a group matches no trainable parameter
   */
  static Map<String, Double> factorsById(
      List<ParameterGroup> groups, Map<String, Parameter> byPath, String owner) {
    for (ParameterGroup g : groups) {
      checkArgument(
          byPath.keySet().stream().anyMatch(g.matches()),
          "parameter group %s matches no trainable parameter of %s",
          g.label(),
          owner);
    }
    Map<String, Double> factors = new HashMap<>();
    byPath.forEach((path, p) -> factors.put(p.getId(), factorOf(groups, path)));
    return Collections.unmodifiableMap(factors);
  }
}
