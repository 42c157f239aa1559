package dev.sure4j.examples.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs every {@code examples/jshell} script through JShell, each in a fresh shell after the
 * start-up imports, and checks what it prints against values computed here by hand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JShellScriptsTest {

  private static final Path MODEL = JShellScripts.ROOT.resolve("models/mini-hubert");
  private static final Path KWS = JShellScripts.ROOT.resolve("data/mini/kws");

  private static JsonObject config() throws Exception {
    return JsonParser.parseString(Files.readString(MODEL.resolve("config.json"))).getAsJsonObject();
  }

  private static String script(String prefix) throws Exception {
    return JShellScripts.run(
        JShellScripts.examples().stream()
            .filter(p -> p.getFileName().toString().startsWith(prefix))
            .findFirst()
            .orElseThrow());
  }

  @Test
  @Order(0)
  void thereAreFourScriptsEachEndingWithExit() throws Exception {
    List<Path> scripts = JShellScripts.examples();
    assertEquals(4, scripts.size(), scripts.toString());
    for (Path s : scripts) {
      List<String> lines = Files.readAllLines(s);
      assertEquals("/exit", lines.get(lines.size() - 1), s + " ends with /exit");
    }
  }

  @Test
  @Order(1)
  void encodePrintsTheFramesOfTheConvStack() throws Exception {
    long samples;
    try (AudioInputStream in =
        AudioSystem.getAudioInputStream(KWS.resolve("test/off_000.wav").toFile())) {
      samples = in.getFrameLength();
    }
    // each valid convolution: L -> floor((L - kernel) / stride) + 1, layer by layer
    JsonObject c = config();
    JsonArray kernels = c.getAsJsonArray("conv_kernel");
    JsonArray strides = c.getAsJsonArray("conv_stride");
    long frames = samples;
    for (int i = 0; i < kernels.size(); i++) {
      frames = (frames - kernels.get(i).getAsLong()) / strides.get(i).getAsLong() + 1;
    }
    // the stack's receptive field is 400 samples and its hop 320 (5 * 2^6)
    assertEquals((samples - 400) / 320 + 1, frames);
    String expected =
        String.format(
            Locale.ROOT,
            "samples %d -> last hidden state (1, %d, %d)",
            samples,
            frames,
            c.get("hidden_size").getAsInt());
    String out = script("01-");
    assertTrue(out.contains(expected), "expected '" + expected + "' in: " + out);
  }

  @Test
  @Order(2)
  void loraReportsItsTrainableParameters() throws Exception {
    JsonObject c = config();
    long d = c.get("hidden_size").getAsLong();
    long ffn = c.get("intermediate_size").getAsLong();
    long r = 8;
    // q, k, v, out: r * (D + D) each; intermediate_dense and output_dense: r * (D + FFN) each
    long perLayer = 4 * r * (d + d) + 2 * r * (d + ffn);
    long trainable = perLayer * c.get("num_hidden_layers").getAsLong();
    assertEquals(73_728, trainable);
    String out = script("02-");
    assertTrue(out.contains("trainable params: 73,728 ||"), out);
  }

  @Test
  @Order(3)
  void trainingForFiveStepsScoresAShareOfThe16TestClips() throws Exception {
    String out = script("03-");
    Matcher m = Pattern.compile("test accuracy (\\d\\.\\d{3}) after 5 steps").matcher(out);
    assertTrue(m.find(), out);
    double correct = Double.parseDouble(m.group(1)) * 16;
    assertEquals(Math.rint(correct), correct, 0.02, "a share of 16 clips: " + m.group(1));
    Path adapter = Path.of(System.getProperty("java.io.tmpdir"), "sure4j-jshell", "kws", "adapter");
    assertTrue(Files.isRegularFile(adapter.resolve("adapter_model.safetensors")), "adapter file");
  }

  @Test
  @Order(4)
  void predictLabelsThreeClipsWithKwsClasses() throws Exception {
    TreeSet<String> classes = new TreeSet<>();
    for (String line : Files.readAllLines(KWS.resolve("train.csv")).stream().skip(1).toList()) {
      classes.add(line.substring(line.indexOf(',') + 1));
    }
    String out = script("04-");
    Matcher m = Pattern.compile("predicted (off_00\\d\\.wav) -> (\\S+)").matcher(out);
    int n = 0;
    while (m.find()) {
      assertEquals("off_00" + n + ".wav", m.group(1));
      assertTrue(classes.contains(m.group(2)), m.group(2) + " not in " + classes);
      n++;
    }
    assertEquals(3, n, out);
  }
}
