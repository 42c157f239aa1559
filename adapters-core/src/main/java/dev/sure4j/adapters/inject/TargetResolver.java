package dev.sure4j.adapters.inject;

import dev.sure4j.adapters.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves {@link Targets} against a model's injection points, failing with the list of points that
 * exist.
 */
public final class TargetResolver {

  private TargetResolver() {}

  /**
   * Returns the points of the given site kind that the targets select.
   *
   * @param points every point of a model
   * @param targets the selection
   * @param site the site kind the method needs
   * @param method the method name, for messages
   * @return the selected points, never empty
   * @throws IllegalArgumentException when nothing matches, listing the available points of that
   *     site
   */
  public static List<InjectionPoint> resolve(
      List<InjectionPoint> points, Targets targets, Site site, String method) {
    List<InjectionPoint> out = new ArrayList<>();
    for (InjectionPoint p : points) {
      if (p.site() == site && targets.matches(p.path(), p.layer())) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      List<String> names =
          points.stream()
              .filter(p -> p.site() == site)
              .map(InjectionPoint::moduleName)
              .distinct()
              .collect(Collectors.toList());
      int layers = (int) points.stream().mapToInt(InjectionPoint::layer).distinct().count();
      throw new IllegalArgumentException(
          String.format(
              "Target modules %s (layers %s) not found in the base model for %s. Available %s points: %s on"
                  + " %d layers, e.g. %s",
              targets.modules(),
              targets.layers().isEmpty() ? "all" : targets.layers(),
              method,
              site,
              names,
              layers,
              points.stream()
                  .filter(p -> p.site() == site)
                  .findFirst()
                  .map(InjectionPoint::path)
                  .orElse("none")));
    }
    return out;
  }
}
