package dev.sure4j.speech.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bfloat16 checks: the CPU flag, the refusals, the {@code --dtype} names. */
class Bf16SupportTest {

  @Test
  void theFlagIsReadFromTheFlagsLine() {
    assertEquals(
        "avx512_bf16",
        Bf16Support.flag("processor : 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n"));
    assertEquals("amx_bf16", Bf16Support.flag("flags : fpu avx2 amx_tile amx_bf16\n"));
    assertNull(Bf16Support.flag("flags : fpu avx2 avx512f avx512bw\n"));
    assertNull(Bf16Support.flag("model name : avx512_bf16\n"));
  }

  @Test
  void aCpuWithoutTheFlagIsRefusedInOneLineNamingIt() throws Exception {
    assumeTrue(
        Bf16Support.flag(Files.readString(Path.of("/proc/cpuinfo"))) == null,
        "this CPU has native bfloat16");
    assumeTrue(!Boolean.getBoolean(Bf16Support.FORCE_PROPERTY), "forced");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Bf16Support::check);
    assertEquals(
        "--dtype bf16 needs a CPU with the avx512_bf16 or amx_bf16 flag (AVX512-BF16 or AMX);"
            + " /proc/cpuinfo of this CPU lists neither",
        e.getMessage());
  }

  @Test
  void forcedPastTheCpuTheEngineIsRefusedInOneLine() {
    String before = System.getProperty(Bf16Support.FORCE_PROPERTY);
    System.setProperty(Bf16Support.FORCE_PROPERTY, "true");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Bf16Support::check);
      assertTrue(e.getMessage().contains("DJL 0.35.1"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(Bf16Support.FORCE_PROPERTY);
      } else {
        System.setProperty(Bf16Support.FORCE_PROPERTY, before);
      }
    }
  }

  @Test
  void unknownDtypeNamesAreRefusedByName() {
    assertEquals(InferenceDtype.BF16, InferenceDtype.parse("BF16"));
    assertEquals(InferenceDtype.FLOAT32, InferenceDtype.parse("fp32"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InferenceDtype.parse("fp16"));
    assertEquals("unknown dtype 'fp16': one of float32, bf16", e.getMessage());
  }
}
