package dev.sure4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's code example compiles (it is {@link ReadmeExample}), runs, and is quoted verbatim.
 */
class ReadmeExampleTest {

  @Test
  void exampleRunsAndReportsTheLoraParameters() {
    ReadmeExample.Result r = ReadmeExample.run();
    long d = 64;
    long f = 128;
    long baseLayer = 4 * (d * d + d) + (d * f + f + f * d + d) + 4 * d;
    long lora = 2 * 2 * 8 * (d + d); // r=8 on q_proj and v_proj of 2 layers
    assertEquals(lora, r.report().trainable());
    assertEquals(2 * baseLayer + lora, r.report().all());
    System.out.println("README example merge max abs diff: " + r.mergeMaxAbsDiff());
    assertTrue(r.mergeMaxAbsDiff() <= 1e-5f, "merge changed outputs by " + r.mergeMaxAbsDiff());
  }

  @Test
  void readmeQuotesTheExample() throws Exception {
    Path source = Path.of("src/main/java/dev/sure4j/examples/ReadmeExample.java");
    List<String> lines = Files.readAllLines(source);
    int begin = indexOf(lines, "// README:begin");
    int end = indexOf(lines, "// README:end");
    List<String> snippet = lines.subList(begin + 1, end);
    int indent =
        snippet.stream()
            .filter(s -> !s.isBlank())
            .mapToInt(s -> s.length() - s.stripLeading().length())
            .min()
            .orElse(0);
    String expected =
        snippet.stream()
            .map(s -> s.isBlank() ? "" : s.substring(indent))
            .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(
        readme.contains(expected),
        "README.md must quote ReadmeExample's snippet verbatim:\n" + expected);
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }
}
