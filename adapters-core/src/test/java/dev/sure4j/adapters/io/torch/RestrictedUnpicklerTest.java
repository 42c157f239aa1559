package dev.sure4j.adapters.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unpickler on pickles written by CPython 3.11's {@code pickle.dumps} (hex below) of
 *
 * <pre>{'a': (1, -2, 2**40, -2**40, 1.5, True, False, None, 'é€'),
 *  'b': [255, 65535, 65536, -1], 7: collections.OrderedDict([('x', 1)])}</pre>
 *
 * with protocols 2 and 4, and on broken or hostile ones.
 */
class RestrictedUnpicklerTest {

  private static final String PROTOCOL_2 =
      "80027d7100285801000000617101284b014afeffffff8a060000000000018a060000000000ff473ff8000000"
          + "00000088894e5805000000c3a9e282ac710274710358010000006271045d7105284bff4dffff4a0000"
          + "01004affffffff654b0763636f6c6c656374696f6e730a4f726465726564446963740a710629527107"
          + "58010000007871084b0173752e";
  private static final String PROTOCOL_4 =
      "80049578000000000000007d94288c016194284b014afeffffff8a060000000000018a060000000000ff47"
          + "3ff800000000000088894e8c05c3a9e282ac9474948c0162945d94284bff4dffff4a000001004affff"
          + "ffff654b078c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0178"
          + "944b0173752e";

  @ParameterizedTest
  @ValueSource(strings = {PROTOCOL_2, PROTOCOL_4})
  void readsThePythonObject(String hex) throws Exception {
    Map<Object, Object> expected = new LinkedHashMap<>();
    expected.put(
        "a", Arrays.asList(1L, -2L, 1L << 40, -(1L << 40), 1.5, true, false, null, "\u00e9\u20ac"));
    expected.put("b", List.of(255L, 65535L, 65536L, -1L));
    expected.put(7L, Map.of("x", 1L));
    assertEquals(
        expected,
        RestrictedUnpickler.load(HexFormat.of().parseHex(hex), "test.pkl", InputLimits.defaults()));
  }

  @Test
  void truncatedPickleIsAnError() {
    byte[] cut = Arrays.copyOf(HexFormat.of().parseHex(PROTOCOL_2), 40);
    IOException e =
        assertThrows(
            IOException.class,
            () -> RestrictedUnpickler.load(cut, "cut.pkl", InputLimits.defaults()));
    assertTrue(e.getMessage().startsWith("cut.pkl byte "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void unsupportedOpcodeIsNamed() {
    // protocol 0's INST opcode ('i'), which would instantiate a class by name
    byte[] inst = "(ios\nsystem\n.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    IOException e =
        assertThrows(
            IOException.class,
            () -> RestrictedUnpickler.load(inst, "inst.pkl", InputLimits.defaults()));
    assertEquals("inst.pkl byte 1: unsupported pickle opcode 0x69", e.getMessage());
  }

  @Test
  void torchGlobalsOffTheAllowlistAreRefused() {
    byte[] pkl =
        "\u0080\u0002ctorch.storage\n_load_from_bytes\n."
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    IOException e =
        assertThrows(
            IOException.class,
            () -> RestrictedUnpickler.load(pkl, "x.pkl", InputLimits.defaults()));
    assertTrue(
        e.getMessage().startsWith("x.pkl: refusing global 'torch.storage._load_from_bytes'"),
        e.getMessage());
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String refused(byte[] pkl) {
    return refused(pkl, 2);
  }

  private static String refused(byte[] pkl, double maxSeconds) {
    long start = System.nanoTime();
    IOException e =
        assertThrows(
            IOException.class,
            () -> RestrictedUnpickler.load(pkl, "h.pkl", InputLimits.defaults()));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("refused in %.3f s: %s%n", seconds, e.getMessage());
    assertTrue(seconds < maxSeconds, "took " + seconds + " s");
    assertTrue(e.getMessage().startsWith("h.pkl byte "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aTupleKeyOfSharedNestedTuplesIsRefusedAtOnce() {
    // {((((), ()), ((), ())), ...) 40 levels deep: None}: its hash would take 2^40 steps
    String key = ")" + "2\u0086".repeat(40);
    String message = refused(bytes("\u0080\u0002}" + key + "Ns."));
    assertTrue(message.contains("dict key is a tuple holding"), message);
  }

  @Test
  void aListKeyIsRefused() {
    String message = refused(bytes("\u0080\u0002}]Ns."));
    assertTrue(
        message.endsWith("dict key ArrayList [] is not text, a number or a tuple of them"),
        message);
  }

  @Test
  void atomAndTupleKeysAreKept() throws Exception {
    // {('a', 1): None} through SETITEMS
    Object o =
        RestrictedUnpickler.load(
            bytes("\u0080\u0002}(X\u0001\u0000\u0000\u0000aK\u0001\u0086Nu."),
            "k",
            InputLimits.defaults());
    assertEquals(Map.of(List.of("a", 1L), "none"), replaceNull(o));
  }

  private static Map<Object, Object> replaceNull(Object o) {
    Map<Object, Object> m = new LinkedHashMap<>();
    ((Map<?, ?>) o).forEach((k, v) -> m.put(k, v == null ? "none" : v));
    return m;
  }

  @Test
  void objectAndDepthBudgetsHold() {
    String objects =
        refused(
            bytes("\u0080\u0002(" + "N".repeat(InputLimits.defaults().maxPickleObjects() + 1)), 20);
    assertTrue(
        objects.endsWith(
            "more than "
                + InputLimits.defaults().maxPickleObjects()
                + " objects (limit maxPickleObjects)"),
        objects);
    String marks =
        refused(bytes("\u0080\u0002" + "(".repeat(InputLimits.defaults().maxPickleDepth() + 1)));
    assertTrue(
        marks.endsWith(
            "MARKs nested more than "
                + InputLimits.defaults().maxPickleDepth()
                + " deep (limit maxPickleDepth)"),
        marks);
  }

  @Test
  void loweredBudgetsRefuseInOneLineNamingTheLimitAndTheSource() throws Exception {
    InputLimits tight = InputLimits.builder().optMaxPickleObjects(10).optMaxPickleDepth(3).build();
    byte[] elevenNones = bytes("\u0080\u0002(" + "N".repeat(11) + "t.");
    byte[] fourMarks = bytes("\u0080\u0002((((N" + "t".repeat(4) + ".");
    assertEquals(
        11,
        ((List<?>) RestrictedUnpickler.load(elevenNones, "ok.pkl", InputLimits.defaults())).size());
    assertEquals(
        1,
        ((List<?>) RestrictedUnpickler.load(fourMarks, "ok.pkl", InputLimits.defaults())).size());
    IOException objects =
        assertThrows(
            IOException.class, () -> RestrictedUnpickler.load(elevenNones, "a.pkl", tight));
    assertTrue(objects.getMessage().startsWith("a.pkl byte "), objects.getMessage());
    assertTrue(
        objects.getMessage().endsWith(": more than 10 objects (limit maxPickleObjects)"),
        objects.getMessage());
    IOException marks =
        assertThrows(IOException.class, () -> RestrictedUnpickler.load(fourMarks, "b.pkl", tight));
    assertEquals(
        "b.pkl byte 5: MARKs nested more than 3 deep (limit maxPickleDepth)", marks.getMessage());
  }

  @Test
  void describingAHugeOrSelfReferringObjectIsCheap() {
    List<Object> self = new java.util.ArrayList<>();
    self.add(self);
    String text = PickleText.describe(self);
    assertTrue(text.length() <= 120 && text.startsWith("ArrayList [[[["), text);
    List<Object> shared = List.of("x");
    for (int i = 0; i < 60; i++) {
      shared = List.of(shared, shared);
    }
    long start = System.nanoTime();
    text = PickleText.describe(shared);
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "bounded rendering");
    assertTrue(text.endsWith("..."), text);
  }
}
