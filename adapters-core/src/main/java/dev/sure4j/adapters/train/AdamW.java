package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdamW (Loshchilov and Hutter, decoupled weight decay) with the update rule of PyTorch's {@code
 * torch.optim.AdamW} ({@code amsgrad=False}), and a state that can be saved and restored so that a
 * resumed run continues exactly where it stopped.
 *
 * <p>For every parameter {@code w} with gradient {@code g} (after DJL's {@code rescaleGrad} and
 * {@code clipGrad}, when set), at its step {@code t = 1, 2, ...}:
 *
 * <pre>
 * w  = w * (1 - lr * weightDecay)
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g * g
 * w  = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 *
 * <p>Unlike DJL's {@code AdamW}, epsilon is added to the bias-corrected {@code sqrt(v)} as in
 * PyTorch, and the step {@code t} is counted per parameter. The learning rate comes from the
 * tracker with DJL's update count ({@code beginNumUpdate + 1} for the first update), as for DJL's
 * optimizers.
 *
 * <p>Like DJL's optimizers on the PyTorch engine, an update sets the parameter's own gradient to
 * zero (DJL's trainer relies on it; the gradient passed in is a copy).
 *
 * <p>State: per parameter the first and second moment estimates {@code m}, {@code v} (same shape as
 * the parameter, float32) and the step count. {@link #saveState} writes it to a safetensors file
 * under the parameters' {@code StateDict} names ({@code <name>.exp_avg}, {@code <name>.exp_avg_sq},
 * step counts in the metadata); {@link #loadState} restores it.
 *
 * <pre>{@code
 * AdamW adamW = AdamW.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
 * }</pre>
 */
public final class AdamW extends Optimizer {

  private final ParameterTracker learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<String, AdamWMoments> state = new ConcurrentHashMap<>();

  private AdamW(Builder b) {
    super(b);
    this.learningRate = b.learningRate;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  /**
   * Returns a new builder (learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8, weight decay
   * 0.01: PyTorch's defaults).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Updates one parameter in place.
   *
   * @param parameterId the parameter's DJL id
   * @param weight the parameter's array, any shape, float32
   * @param grad its gradient, same shape
   */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    update(parameterId, weight, grad, 1);
  }

  /**
   * Updates one parameter in place with its group's learning rate, {@code lrFactor} times the
   * tracker's (see {@link ParameterGroup}); the decoupled weight decay uses the same rate.
   *
   * @param parameterId the parameter's DJL id
   * @param weight the parameter's array, any shape, float32
   * @param grad its gradient, same shape
   * @param lrFactor the factor on the learning rate, {@code > 0}
   */
  public void update(String parameterId, NDArray weight, NDArray grad, double lrFactor) {
    int numUpdate = updateCount(parameterId);
    double lr = lrFactor * learningRate.getNewValue(parameterId, numUpdate);
    double decay = getWeightDecay();
    checkArgument(
        Double.isFinite(lr) && Double.isFinite(decay),
        "learning rate %s or weight decay %s is not finite",
        lr,
        decay);
    AdamWMoments s = state.computeIfAbsent(parameterId, k -> AdamWMoments.zerosLike(weight));
    s.step++;
    double bc1 = 1 - Math.pow(beta1, s.step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
    try (NDManager scope = weight.getManager().newSubManager()) {
      NDArray g = grad.duplicate();
      g.attach(scope);
      if (rescaleGrad != 1) {
        g.muli(rescaleGrad);
      }
      if (clipGrad > 0) {
        clipInPlace(g, scope);
      }
      // The update writes through a detached view of the weight (same storage, no autograd
      // history): on a thread that did not start the engine, libtorch's grad mode is on and refuses
      // an in-place change of a leaf that requires a gradient.
      NDArray w = scoped(weight.stopGradient(), scope);
      w.muli((float) (1 - lr * decay));
      s.m.muli((float) beta1).addi(scoped(g.mul((float) (1 - beta1)), scope));
      NDArray g2 = scoped(g.mul(g), scope);
      s.v.muli((float) beta2).addi(g2.muli((float) (1 - beta2)));
      NDArray denom = scoped(s.v.sqrt(), scope).divi((float) bc2Sqrt).addi((float) epsilon);
      NDArray update = scoped(s.m.div(denom), scope).muli((float) (lr / bc1));
      w.subi(update);
      if (weight.hasGradient()) {
        NDArray own = scoped(weight.getGradient(), scope);
        own.subi(own);
      }
    }
  }

  private static NDArray scoped(NDArray a, NDManager scope) {
    a.attach(scope);
    return a;
  }

  private void clipInPlace(NDArray g, NDManager scope) {
    NDArray clipped = scoped(g.clip(-clipGrad, clipGrad), scope);
    g.set(FloatBuffer.wrap(clipped.toFloatArray()));
  }

  /**
   * Returns the number of updates applied to a parameter (0 before its first update).
   *
   * @param parameter the parameter
   * @return its AdamW step count
   */
  public long stepOf(Parameter parameter) {
    AdamWMoments s = state.get(parameter.getId());
    return s == null ? 0 : s.step;
  }

  /**
   * Writes the state of the named parameters to a safetensors file: {@code <name>.exp_avg} and
   * {@code <name>.exp_avg_sq} (float32, the parameter's shape) and the metadata {@code
   * <name>.step}. A parameter not updated yet is written with zero moments and step 0.
   *
   * @param parameters the parameters by stable name (for example their {@code StateDict} paths)
   * @param file the file to write
   * @throws IOException when the file cannot be written
   */
  public void saveState(Map<String, Parameter> parameters, Path file) throws IOException {
    AdamWStateFile.save(parameters, state, file);
  }

  /**
   * Restores the state written by {@link #saveState}. Every named parameter must have its two
   * moments with its shape and a step count, and the file must hold no other tensor; otherwise
   * nothing changes and an {@link IOException} names the offending tensor.
   *
   * @param parameters the parameters by the names used when saving
   * @param file the file to read
   * @throws IOException when the file cannot be read or does not match the parameters
   */
  public void loadState(Map<String, Parameter> parameters, Path file) throws IOException {
    AdamWStateFile.load(parameters, state, file);
  }

  /** Builds an {@link AdamW}; all values are optional. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRate = Tracker.fixed(1e-3f);
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;

    Builder() {
      optWeightDecays(0.01f);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the learning-rate tracker (default fixed 1e-3).
     *
     * @param tracker the tracker, called with DJL's update count
     * @return this builder
     */
    public Builder optLearningRateTracker(ParameterTracker tracker) {
      this.learningRate = tracker;
      return this;
    }

    /**
     * Sets the decay rate of the first moment (default 0.9).
     *
     * @param beta1 a value in [0, 1)
     * @return this builder
     */
    public Builder optBeta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    /**
     * Sets the decay rate of the second moment (default 0.999).
     *
     * @param beta2 a value in [0, 1)
     * @return this builder
     */
    public Builder optBeta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    /**
     * Sets epsilon, added to the bias-corrected {@code sqrt(v)} (default 1e-8).
     *
     * @param epsilon a value >= 0
     * @return this builder
     */
    public Builder optEpsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the optimizer
     */
    public AdamW build() {
      checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1): %s", beta1);
      checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1): %s", beta2);
      checkArgument(epsilon >= 0, "epsilon must be >= 0: %s", epsilon);
      checkArgument(learningRate != null, "learning-rate tracker is null");
      return new AdamW(this);
    }
  }
}
