package dev.sure4j.adapters.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One PyTorch reference case read from {@code fixtures/adapters/<name>.safetensors} (written by
 * {@code src/test/python/make_adapter_fixtures.py}): the inputs {@code io.x}, optional {@code
 * io.mask}, the expected output {@code io.y}, and the parameters under their dotted state-dict
 * names.
 */
final class ParityFixture {

  private static final String IO = "io.";

  private final String name;
  private final Map<String, NDArray> io = new TreeMap<>();
  private final Map<String, NDArray> weights = new TreeMap<>();

  private ParityFixture(String name, NDList tensors) {
    this.name = name;
    for (NDArray t : tensors) {
      (t.getName().startsWith(IO) ? io : weights).put(t.getName(), t);
    }
    if (!io.containsKey("io.x") || !io.containsKey("io.y")) {
      throw new IllegalStateException(name + ": fixture lacks io.x or io.y; has " + io.keySet());
    }
  }

  /**
   * Reads a fixture from the test class path.
   *
   * @param manager the manager that owns the tensors
   * @param name the case name, without directory or extension
   * @return the fixture
   */
  static ParityFixture load(NDManager manager, String name) {
    String resource = "/fixtures/adapters/" + name + ".safetensors";
    try (InputStream in = ParityFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      return new ParityFixture(name, NDList.decode(manager, in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + resource, e);
    }
  }

  /** The input {@code [batch, frames, D]}. */
  NDArray x() {
    return io.get("io.x");
  }

  /** The padding mask {@code [batch, frames]}, 1 = real frame. */
  NDArray mask() {
    NDArray m = io.get("io.mask");
    if (m == null) {
      throw new IllegalStateException(name + ": fixture has no io.mask");
    }
    return m;
  }

  /** The PyTorch output. */
  NDArray expected() {
    return io.get("io.y");
  }

  /** The inputs as a block expects them: {@code x} and, when present, the mask. */
  NDList inputs() {
    NDList l = new NDList(x());
    if (io.containsKey("io.mask")) {
      l.add(mask());
    }
    return l;
  }

  /**
   * Copies every fixture parameter into the parameter of the same name. Fails, before copying
   * anything, when a name is missing on either side or a shape differs.
   *
   * @param target the block's parameters, from {@code StateDict.of(block, "")}
   */
  void copyInto(Map<String, Parameter> target) {
    List<String> problems = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>(target.keySet());
    missing.removeAll(weights.keySet());
    if (!missing.isEmpty()) {
      problems.add("parameters with no fixture tensor: " + missing);
    }
    TreeSet<String> unexpected = new TreeSet<>(weights.keySet());
    unexpected.removeAll(target.keySet());
    if (!unexpected.isEmpty()) {
      problems.add("fixture tensors with no parameter: " + unexpected);
    }
    weights.forEach(
        (k, w) -> {
          Parameter p = target.get(k);
          if (p != null && !p.getArray().getShape().equals(w.getShape())) {
            problems.add(
                k + ": parameter " + p.getArray().getShape() + " vs fixture " + w.getShape());
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(name + ": " + String.join("; ", problems));
    }
    weights.forEach((k, w) -> target.get(k).getArray().set(FloatBuffer.wrap(w.toFloatArray())));
  }

  /**
   * Prints and returns the largest absolute difference between {@code actual} and the expected
   * output, after checking the shapes agree.
   *
   * @param actual the Java output
   * @return max |actual - expected|
   */
  float maxAbsDiff(NDArray actual) {
    return maxAbsDiff(actual, name);
  }

  /**
   * Prints, under a label, and returns the largest absolute difference between {@code actual} and
   * the expected output.
   *
   * @param actual the Java output
   * @param label what the printed line names
   * @return max |actual - expected|
   */
  float maxAbsDiff(NDArray actual, String label) {
    NDArray e = expected();
    assertTrue(
        actual.getShape().equals(e.getShape()),
        name + ": output shape " + actual.getShape() + " vs expected " + e.getShape());
    float d = actual.sub(e).abs().max().getFloat();
    System.out.printf("parity %-34s max |java - torch| = %.3e%n", label, d);
    return d;
  }

  /** The case name. */
  String name() {
    return name;
  }
}
