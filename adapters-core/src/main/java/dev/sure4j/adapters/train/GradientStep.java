package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * One applied update of {@link TrainingEngine}: rescales the accumulated gradients, clips their
 * global norm, lets {@link AdamW} update each parameter with its learning-rate factor, and zeroes
 * the gradients.
 */
final class GradientStep {

  private final AdamW optimizer;
  private final Map<String, Double> lrFactors;
  private final double maxGradNorm;

  /**
   * Creates the update.
   *
   * @param optimizer the optimizer
   * @param lrFactors learning-rate factors by parameter id; 1 for a parameter not listed
   * @param maxGradNorm the global-norm clip, 0 or less for none
   */
  GradientStep(AdamW optimizer, Map<String, Double> lrFactors, double maxGradNorm) {
    this.optimizer = optimizer;
    this.lrFactors = lrFactors;
    this.maxGradNorm = maxGradNorm;
  }

  /** Returns a parameter's learning-rate factor, 1 outside every group. */
  double factor(String parameterId) {
    return lrFactors.getOrDefault(parameterId, 1.0);
  }

  /**
   * Applies the gradients the parameters hold.
   *
   * @param trainable the parameters, with finite gradients
   * @param rescale the gradient factor, 1 for a full accumulation
   */
  void apply(List<Parameter> trainable, double rescale) {
    if (rescale != 1) {
      Gradients.scale(trainable, rescale);
    }
    if (maxGradNorm > 0) {
      Gradients.clip(trainable, maxGradNorm);
    }
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Parameter p : trainable) {
        NDArray grad = p.getArray().getGradient();
        grad.attach(scope);
        optimizer.update(p.getId(), p.getArray(), grad, factor(p.getId()));
      }
    }
    Gradients.zero(trainable);
  }
}
