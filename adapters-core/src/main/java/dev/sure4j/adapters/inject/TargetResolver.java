package dev.sure4j.adapters.inject;

import dev.sure4j.adapters.Targets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
    return resolve(points, targets, EnumSet.of(site), method);
  }

  /**
   * Returns the points of any of the given site kinds that the targets select (LoRA attaches to
   * linear layers and to convolutions).
   *
   * @param points every point of a model
   * @param targets the selection
   * @param sites the site kinds the method accepts, not empty
   * @param method the method name, for messages
   * @return the selected points, in the model's order, never empty
   * @throws IllegalArgumentException when nothing matches, listing the available points of those
   *     sites
   */
  public static List<InjectionPoint> resolve(
      List<InjectionPoint> points, Targets targets, Set<Site> sites, String method) {
    List<InjectionPoint> out = new ArrayList<>();
    for (InjectionPoint p : points) {
      if (sites.contains(p.site()) && targets.matches(p.path(), p.layer())) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      List<String> names =
          points.stream()
              .filter(p -> sites.contains(p.site()))
              .map(InjectionPoint::moduleName)
              .distinct()
              .collect(Collectors.toList());
      int layers =
          (int)
              points.stream()
                  .mapToInt(InjectionPoint::layer)
                  .filter(l -> l >= 0)
                  .distinct()
                  .count();
      throw new IllegalArgumentException(
          String.format(
              "Target modules %s (layers %s) not found in the base model for %s. Available %s points: %s on"
                  + " %d layers, e.g. %s",
              targets.modules(),
              targets.layers().isEmpty() ? "all" : targets.layers(),
              method,
              siteNames(points, sites),
              names,
              layers,
              points.stream()
                  .filter(p -> sites.contains(p.site()))
                  .findFirst()
                  .map(InjectionPoint::path)
                  .orElse("none")));
    }
    return out;
  }

  /** The accepted sites the model has, e.g. {@code LINEAR} or {@code [LINEAR, CONV1D]}. */
  private static String siteNames(List<InjectionPoint> points, Set<Site> sites) {
    Set<Site> present = EnumSet.noneOf(Site.class);
    points.stream().map(InjectionPoint::site).filter(sites::contains).forEach(present::add);
    Set<Site> shown = present.isEmpty() ? sites : present;
    return shown.size() == 1 ? shown.iterator().next().toString() : shown.toString();
  }
}
