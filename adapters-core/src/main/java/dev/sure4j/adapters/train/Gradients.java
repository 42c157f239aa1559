package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-place operations on the gradients of trainable parameters. DJL's PyTorch engine accumulates
 * gradients across {@code backward} calls (PyTorch semantics) until they are zeroed; DJL offers
 * only element-wise clipping, so global-norm clipping is done here, as {@code
 * torch.nn.utils.clip_grad_norm_}.
 */
public final class Gradients {

  private Gradients() {}

  /**
   * Returns the global L2 norm over every gradient.
   *
   * @param params trainable parameters
   * @return {@code sqrt(sum of squares)}
   */
  public static double globalNorm(List<Parameter> params) {
    try (NDManager scope = NDManager.newBaseManager()) {
      // each gradient's sum of squares in float32 (as clip_grad_norm_), added in float64 in
      // parameter order on the native side, and read back once
      NDArray sum = null;
      for (Parameter p : params) {
        NDArray g = gradient(p, scope);
        if (g != null) {
          NDArray s = g.square().sum().toType(DataType.FLOAT64, false);
          sum = sum == null ? s : sum.add(s);
        }
      }
      return sum == null ? 0 : Math.sqrt(sum.getDouble());
    }
  }

  /**
   * Lists the parameters whose gradient holds a NaN or an infinity.
   *
   * @param params trainable parameters by name
   * @return the names of the parameters with a non-finite gradient, in map order
   */
  public static List<String> nonFinite(Map<String, Parameter> params) {
    List<String> bad = new ArrayList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      // one read back for the common case: a gradient times zero sums to NaN exactly when it holds
      // a NaN or an infinity, and a sum of zeros cannot overflow
      NDArray probe = null;
      for (Parameter p : params.values()) {
        NDArray g = gradient(p, scope);
        if (g != null) {
          NDArray z = g.mul(0f).sum();
          probe = probe == null ? z : probe.add(z);
        }
      }
      if (probe == null || Float.isFinite(probe.getFloat())) {
        return bad;
      }
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray g = gradient(e.getValue(), scope);
        // element tests, not a sum: a sum of large finite values can overflow to infinity
        if (g != null && (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean())) {
          bad.add(e.getKey());
        }
      }
    }
    return bad;
  }

  /**
   * Returns the parameters with the largest absolute gradient entry, largest first, for the report
   * of a step that went wrong.
   *
   * @param params trainable parameters by name
   * @param n how many to return (&gt;= 0)
   * @return up to {@code n} names with their largest absolute gradient entry
   */
  public static Map<String, Double> largest(Map<String, Parameter> params, int n) {
    List<Map.Entry<String, Double>> max = new ArrayList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray g = gradient(e.getValue(), scope);
        if (g != null && g.size() > 0) {
          max.add(Map.entry(e.getKey(), (double) g.abs().max().getFloat()));
        }
      }
    }
    max.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    Map<String, Double> out = new LinkedHashMap<>();
    max.stream().limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Multiplies every gradient by a factor, in place.
   *
   * @param params trainable parameters
   * @param factor the factor
   */
  public static void scale(List<Parameter> params, double factor) {
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Parameter p : params) {
        NDArray g = gradient(p, scope);
        if (g != null) {
          g.muli((float) factor);
        }
      }
    }
  }

  /**
   * Clips the global norm to {@code maxNorm}, scaling by {@code maxNorm / (norm + 1e-6)} when it is
   * larger.
   *
   * @param params trainable parameters
   * @param maxNorm the bound
   * @return the norm before clipping
   */
  public static double clip(List<Parameter> params, double maxNorm) {
    double norm = globalNorm(params);
    double factor = maxNorm / (norm + 1e-6);
    if (factor < 1) {
      scale(params, factor);
    }
    return norm;
  }

  /**
   * Sets every gradient to zero, in place, also where it holds NaN or infinity (which {@link #zero}
   * keeps: {@code NaN - NaN} is NaN).
   *
   * @param params trainable parameters
   */
  public static void clear(List<Parameter> params) {
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Parameter p : params) {
        NDArray g = gradient(p, scope);
        if (g != null) {
          g.set(new NDIndex("..."), 0f);
        }
      }
    }
  }

  /**
   * Sets every gradient to zero, in place.
   *
   * @param params trainable parameters
   */
  public static void zero(List<Parameter> params) {
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Parameter p : params) {
        NDArray g = gradient(p, scope);
        if (g != null) {
          g.subi(g);
        }
      }
    }
  }

  /** The gradient handle moved into {@code scope}, or null for a parameter no loss reached. */
  private static NDArray gradient(Parameter p, NDManager scope) {
    NDArray w = p.getArray();
    if (!w.hasGradient()) {
      return null;
    }
    NDArray g;
    try {
      g = w.getGradient();
    } catch (IllegalStateException e) {
      return null;
    }
    g.attach(scope);
    return g;
  }
}
