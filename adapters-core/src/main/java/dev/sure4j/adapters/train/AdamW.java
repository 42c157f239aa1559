package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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

  private static final String FORMAT = "sure4j-adamw-1";
  private static final String EXP_AVG = ".exp_avg";
  private static final String EXP_AVG_SQ = ".exp_avg_sq";
  private static final String STEP = ".step";

  private final ParameterTracker learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<String, Moments> state = new ConcurrentHashMap<>();

  /** One parameter's state. */
  private static final class Moments {
    final NDArray m;
    final NDArray v;
    long step;

    Moments(NDArray m, NDArray v, long step) {
      this.m = m;
      this.v = v;
      this.step = step;
    }
  }

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
    Moments s = state.computeIfAbsent(parameterId, k -> fresh(weight));
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

  private static Moments fresh(NDArray weight) {
    return new Moments(weight.zerosLike(), weight.zerosLike(), 0);
  }

  /**
   * Returns the number of updates applied to a parameter (0 before its first update).
   *
   * @param parameter the parameter
   * @return its AdamW step count
   */
  public long stepOf(Parameter parameter) {
    Moments s = state.get(parameter.getId());
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
    SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", FORMAT);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray weight = e.getValue().getArray();
      Moments s = state.get(e.getValue().getId());
      float[] zeros = new float[Math.toIntExact(weight.size())];
      w.add(e.getKey() + EXP_AVG, s == null ? zeros : s.m.toFloatArray(), weight.getShape());
      w.add(e.getKey() + EXP_AVG_SQ, s == null ? zeros : s.v.toFloatArray(), weight.getShape());
      w.putMetadata(e.getKey() + STEP, Long.toString(s == null ? 0 : s.step));
    }
    w.write(file);
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
    Map<String, float[][]> values = new LinkedHashMap<>();
    Map<String, Long> steps = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      TreeSet<String> expected = new TreeSet<>();
      parameters.keySet().forEach(k -> expected.addAll(List.of(k + EXP_AVG, k + EXP_AVG_SQ)));
      if (!FORMAT.equals(r.metadata().get("format"))
          || !expected.equals(new TreeSet<>(r.names()))) {
        throw new IOException(
            String.format(
                "%s: expected optimizer state %s (format %s) but found %s (format %s)",
                file, expected, FORMAT, new TreeSet<>(r.names()), r.metadata().get("format")));
      }
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        String name = e.getKey();
        NDArray weight = e.getValue().getArray();
        float[][] mv = new float[2][];
        int i = 0;
        for (String suffix : new String[] {EXP_AVG, EXP_AVG_SQ}) {
          TensorInfo info = r.info(name + suffix);
          if (info.dtype() != TensorDType.F32 || !info.shape().equals(weight.getShape())) {
            throw new IOException(
                String.format(
                    "%s: tensor %s has %s %s, the parameter is FLOAT32 %s",
                    file, name + suffix, info.dtype(), info.shape(), weight.getShape()));
          }
          mv[i++] = r.readFloats(name + suffix);
        }
        String step = r.metadata().get(name + STEP);
        try {
          long t = Long.parseLong(step == null ? "" : step);
          checkArgument(t >= 0);
          steps.put(name, t);
        } catch (IllegalArgumentException ex) {
          throw new IOException(
              String.format("%s: metadata %s is not a step count: %s", file, name + STEP, step),
              ex);
        }
        values.put(name, mv);
      }
    }
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray weight = e.getValue().getArray();
      float[][] mv = values.get(e.getKey());
      Moments s = fresh(weight);
      s.m.set(FloatBuffer.wrap(mv[0]));
      s.v.set(FloatBuffer.wrap(mv[1]));
      s.step = steps.get(e.getKey());
      Moments old = state.put(e.getValue().getId(), s);
      if (old != null) {
        old.m.close();
        old.v.close();
      }
    }
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
