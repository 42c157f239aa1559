package dev.sure4j.adapters.inject;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A model that declares where adapters can be attached. Models built from sure4j's host blocks
 * ({@code dev.sure4j.adapters.nn}) implement it by listing those blocks; adapters never reach into
 * a model's fields.
 */
public interface AdaptableModel extends Block {

  /**
   * Returns every injection point of this model, in a stable order (layer by layer). By default the
   * host blocks found by walking the block tree ({@link InjectionPoints#discover}).
   *
   * @return the points; module paths are unique
   */
  default List<InjectionPoint> injectionPoints() {
    return InjectionPoints.discover(this);
  }
}
