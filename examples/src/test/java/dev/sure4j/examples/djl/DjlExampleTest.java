package dev.sure4j.examples.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Classifications;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/djl.md ({@link DjlExample}) runs on the bundled backbone with the committed
 * keyword-spotting adapter, names the spoken word of each clip (the manifest's label), and the page
 * quotes it verbatim.
 */
class DjlExampleTest {

  private static final Path ROOT = Path.of("..");
  private static final Path KWS = ROOT.resolve("data/mini/kws/test");

  @Test
  void exampleClassifiesClipsOneByOneAndInABatch() throws Exception {
    List<Path> clips = List.of(KWS.resolve("yes_000.wav"), KWS.resolve("stop_003.wav"));
    DjlExample.Result r =
        DjlExample.run(
            ROOT.resolve("models/mini-hubert"),
            ROOT.resolve("adapters-speech/src/test/resources/dev/sure4j/speech/djl/kws"),
            clips);
    System.out.println("docs/djl.md example: " + r.first().best() + ", batch " + r.batch());
    assertEquals("yes", r.first().best().getClassName());
    assertEquals(
        List.of("yes", "stop"), r.batch().stream().map(c -> c.best().getClassName()).toList());
    double sum = r.first().getProbabilities().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, sum, 1e-9);
    assertEquals(11, r.first().getClassNames().size());
    Classifications batched = r.batch().get(0);
    assertEquals(r.first().best().getProbability(), batched.best().getProbability(), 1e-6);
  }

  @Test
  void thePageQuotesTheExample() throws Exception {
    List<String> lines =
        Files.readAllLines(Path.of("src/main/java/dev/sure4j/examples/djl/DjlExample.java"));
    int begin = lines.indexOf("    // DOC:begin");
    int end = lines.indexOf("    // DOC:end");
    assertTrue(begin >= 0 && end > begin, "markers present");
    String snippet =
        lines.subList(begin + 1, end).stream()
            .map(l -> l.length() >= 4 ? l.substring(4) : l)
            .collect(Collectors.joining("\n"));
    String page = Files.readString(ROOT.resolve("docs/djl.md"));
    assertTrue(page.contains(snippet), "docs/djl.md quotes DjlExample between DOC:begin and end");
  }
}
