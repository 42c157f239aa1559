package dev.sure4j.adapters.model;

import com.google.common.math.LongMath;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.method.AdapterMethod;
import java.util.List;
import java.util.Locale;

/**
 * Bounds an adapter's size before its blocks exist: the method's closed-form parameter count over
 * the resolved points, against {@link InputLimits#maxTensorBytes()} as float32. This catches every
 * size a spec derives from the model's widths (a LoRA rank, a bottleneck reduction factor, a
 * ConvAdapter width ratio), whatever the method.
 */
final class AdapterSizes {

  private AdapterSizes() {}

  /**
   * Refuses an adapter whose parameters would take more than the limit.
   *
   * @param name the adapter's name, for the message
   * @param method the method
   * @param spec the spec
   * @param points the resolved injection points
   * @param limits the limits
   * @throws IllegalArgumentException naming the adapter, its settings and the count
   */
  static <S extends AdapterSpec> void check(
      String name,
      AdapterMethod<S> method,
      S spec,
      List<InjectionPoint> points,
      InputLimits limits) {
    long total = 0;
    for (InjectionPoint p : points) {
      total = LongMath.saturatedAdd(total, method.parameterCount(spec, p));
    }
    long limit = limits.maxTensorBytes() / Float.BYTES;
    if (total > limit) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "adapter '%s' (%s %s) would have %d parameters at %d points, more than the limit of"
                  + " %d (%d bytes as float32)",
              name,
              method.name(),
              method.describe(spec),
              total,
              points.size(),
              limit,
              limits.maxTensorBytes()));
    }
  }
}
