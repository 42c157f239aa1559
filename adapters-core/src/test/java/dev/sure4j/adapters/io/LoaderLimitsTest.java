package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.torch.TorchCheckpointReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every loader limit can be lowered through {@link InputLimits}, and a lowered limit refuses the
 * committed fixtures in one line that names the file and the limit; the defaults accept them.
 */
class LoaderLimitsTest {

  private static final List<String> TORCH = List.of("half.bin", "legacy.bin", "nested.bin");

  private static Path fixture(String name) throws Exception {
    return Path.of(LoaderLimitsTest.class.getResource(name).toURI());
  }

  private static Path torch(String name) throws Exception {
    return fixture("torch/" + name);
  }

  /** Runs the call, which must fail with one line naming the file and the limit. */
  private static <T extends Exception> String refused(
      Class<T> type, Executable call, Path file, String limit) {
    String message = assertThrows(type, call).getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("(limit " + limit + ")"), message);
    assertFalse(message.contains("\n") || message.contains("\r"), message);
    return message;
  }

  @Test
  void theDefaultsOpenEveryTorchFixture() throws Exception {
    for (String name : TORCH) {
      try (TorchCheckpointReader r =
          TorchCheckpointReader.open(torch(name), InputLimits.defaults())) {
        assertFalse(r.tensors().isEmpty(), name);
      }
    }
  }

  @Test
  void loweredPickleAndTensorLimitsRefuseATorchCheckpoint() throws Exception {
    for (String name : TORCH) {
      Path file = torch(name);
      for (var c :
          List.of(
              new Object[] {InputLimits.builder().optMaxPickleBytes(40).build(), "maxPickleBytes"},
              new Object[] {
                InputLimits.builder().optMaxPickleObjects(5).build(), "maxPickleObjects"
              },
              new Object[] {InputLimits.builder().optMaxPickleDepth(1).build(), "maxPickleDepth"},
              new Object[] {
                InputLimits.builder().optMaxTensorBytes(1).build(), "maxTensorBytes"
              })) {
        InputLimits limits = (InputLimits) c[0];
        String m =
            refused(
                IOException.class,
                () -> TorchCheckpointReader.open(file, limits).close(),
                file,
                (String) c[1]);
        System.out.println(name + ": " + m);
      }
    }
  }

  @Test
  void aLoweredHeaderLimitRefusesASafetensorsFile() throws Exception {
    Path file = fixture("dtypes.safetensors");
    try (SafetensorsReader r = SafetensorsReader.open(file, InputLimits.defaults())) {
      assertFalse(r.tensors().isEmpty());
    }
    InputLimits limits = InputLimits.builder().optMaxHeaderBytes(16).build();
    String m =
        refused(
            IOException.class,
            () -> SafetensorsReader.open(file, limits).close(),
            file,
            "maxHeaderBytes");
    assertTrue(m.contains("over the limit of 16"), m);
  }

  @Test
  void loweredJsonLimitsRefuseAFileAndANesting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    String text = "{\"a\": [[1, 2], [3]]}";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    assertEquals(text, JsonInput.readUtf8(file, InputLimits.defaults()));
    InputLimits small = InputLimits.builder().optMaxJsonBytes(8).build();
    String m =
        refused(IOException.class, () -> JsonInput.readUtf8(file, small), file, "maxJsonBytes");
    assertEquals(file + ": 20 bytes, over the limit of 8 (limit maxJsonBytes)", m);
    JsonInput.checkDepth(JsonParser.parseString(text), file.toString(), InputLimits.defaults());
    InputLimits shallow = InputLimits.builder().optMaxJsonDepth(2).build();
    m =
        refused(
            IllegalArgumentException.class,
            () -> JsonInput.checkDepth(JsonParser.parseString(text), file.toString(), shallow),
            file,
            "maxJsonDepth");
    assertEquals(file + ": JSON nests deeper than 2 arrays or objects (limit maxJsonDepth)", m);
  }

  @Test
  void systemPropertiesSetTheDefaultsAndABadOneIsOneLineNamingIt() {
    Properties p = new Properties();
    p.setProperty("sure4j.limits.maxPickleObjects", "1000");
    p.setProperty("sure4j.limits.maxJsonDepth", " 7 ");
    p.setProperty("sure4j.limits.minSampleRate", "500000");
    p.setProperty("sure4j.limits.maxSampleRate", "600000");
    p.setProperty("sure4j.limits.maxSeconds", "2.5");
    InputLimits l = LimitProperties.apply(new InputLimitsBuilder(), p).build();
    assertEquals(1000, l.maxPickleObjects());
    assertEquals(7, l.maxJsonDepth());
    assertEquals(500_000, l.minSampleRate());
    assertEquals(600_000, l.maxSampleRate());
    assertEquals(2.5, l.maxSeconds());
    assertEquals(256, l.maxPickleDepth(), "an unset property keeps its default");
    Properties bad = new Properties();
    bad.setProperty("sure4j.limits.maxPickleDepth", "deep\ner");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LimitProperties.apply(new InputLimitsBuilder(), bad));
    assertEquals(
        "system property sure4j.limits.maxPickleDepth = 'deep\\ner': not a number", e.getMessage());
    Properties zero = new Properties();
    zero.setProperty("sure4j.limits.maxHeaderBytes", "0");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LimitProperties.apply(new InputLimitsBuilder(), zero));
    assertEquals(
        "system property sure4j.limits.maxHeaderBytes = '0': the header limit must be > 0 and"
            + " < 2^31 bytes: 0",
        e.getMessage());
  }
}
