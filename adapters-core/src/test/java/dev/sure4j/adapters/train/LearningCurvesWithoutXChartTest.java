package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XChart is optional: without it the plots are reported unavailable instead of crashing. */
class LearningCurvesWithoutXChartTest {

  @TempDir Path tmp;

  /** Loads the plotting classes itself and pretends XChart is absent. */
  private static final class NoXChart extends ClassLoader {
    NoXChart(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("org.knowm.")) {
        throw new ClassNotFoundException(name + " (hidden by the test)");
      }
      if (name.equals(LearningCurves.class.getName())
          || name.startsWith("dev.sure4j.adapters.train.XChartPlots")) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            String file = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(file)) {
              byte[] bytes = in.readAllBytes();
              c = defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(name, e);
            }
          }
          return c;
        }
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void withoutXChartThePlotsAreUnavailableAndWritingFailsClearly() throws Exception {
    Class<?> curves =
        Class.forName(
            LearningCurves.class.getName(), true, new NoXChart(getClass().getClassLoader()));
    assertTrue(curves != LearningCurves.class, "the test must load its own copy");
    assertEquals(false, curves.getMethod("available").invoke(null));
    Method write = curves.getMethod("write", List.class, Path.class);
    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> write.invoke(null, List.of(), tmp));
    assertTrue(
        e.getCause() instanceof IllegalStateException
            && e.getCause().getMessage().contains("xchart"),
        "expected a clear IllegalStateException, got " + e.getCause());
  }

  @Test
  void withXChartThePlotsAreAvailable() {
    assertTrue(LearningCurves.available());
  }
}
