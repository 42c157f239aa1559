package dev.sure4j.adapters.inject;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One place of a host model where adapters can be attached.
 *
 * @param path the full module path, e.g. {@code encoder.layers.3.attention.q_proj}
 * @param kind what the point is
 * @param layer the index of the layer the point belongs to, or -1
 * @param host the block that carries adapters at this point
 * @param hidden the feature size of the tensors at this point: the input size for linear points,
 *     the hidden size {@code D} for residual and attention points
 */
public record InjectionPoint(String path, PointKind kind, int layer, AdapterHost host, int hidden) {

  /** Validates the values. */
  public InjectionPoint {
    checkArgument(path != null && !path.isBlank(), "injection point path must not be blank");
    checkArgument(kind != null, "injection point %s has no kind", path);
    checkArgument(host != null, "injection point %s has no host block", path);
    checkArgument(hidden > 0, "injection point %s has hidden size %s", path, hidden);
    checkArgument(layer >= -1, "injection point %s has layer %s", path, layer);
  }
}
