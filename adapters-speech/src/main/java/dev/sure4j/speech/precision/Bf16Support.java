package dev.sure4j.speech.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Whether this CPU runs bfloat16 natively, from the {@code flags} line of {@code /proc/cpuinfo}:
 * {@code avx512_bf16} (AVX512-BF16, e.g. Intel Cooper Lake and later, AMD Zen 4 and later) or
 * {@code amx_bf16} (Intel AMX, Sapphire Rapids and later). Elsewhere libtorch would emulate
 * bfloat16 through float32 at a loss of speed and accuracy alike, so sure4j refuses it.
 *
 * <p>The system property {@value #FORCE_PROPERTY}{@code =true} skips the check (tests, and
 * measuring the emulation on purpose).
 */
public final class Bf16Support {

  /** The system property that skips the CPU check. */
  public static final String FORCE_PROPERTY = "sure4j.bf16.force";

  /** The CPU flags that mean native bfloat16 arithmetic. */
  public static final List<String> FLAGS = List.of("avx512_bf16", "amx_bf16");

  private Bf16Support() {}

  /**
   * Returns the first native-bfloat16 flag of a {@code /proc/cpuinfo} text.
   *
   * @param cpuinfo the file's text
   * @return {@code avx512_bf16} or {@code amx_bf16}, or null when the first {@code flags} line has
   *     neither (or there is none)
   */
  public static String flag(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
        Set<String> flags = Set.of(line.substring(colon + 1).trim().split("\\s+"));
        return FLAGS.stream().filter(flags::contains).findFirst().orElse(null);
      }
    }
    return null;
  }

  /**
   * Checks that bfloat16 inference may run here, in this order: the CPU has a native-bfloat16 flag
   * (skipped when {@value #FORCE_PROPERTY} is true), and the engine can hold bfloat16 arrays.
   *
   * <p>The second check fails with DJL 0.35.1: its PyTorch JNI maps DJL data types to libtorch's by
   * a table that ends at {@code COMPLEX64} (ordinal 8); {@code BFLOAT16} (ordinal 11) reaches a
   * bare C++ {@code throw;} that ends the process ({@code terminate called without an active
   * exception}), for {@code toType}, creation and every op given a dtype alike. So sure4j refuses
   * before any array is converted. When a DJL release maps it, this check is the one to lift.
   *
   * @throws IllegalArgumentException in one line: naming the CPU flags, or the engine
   */
  public static void check() {
    if (!Boolean.getBoolean(FORCE_PROPERTY)) {
      String text;
      try {
        text = Files.readString(Path.of("/proc/cpuinfo"));
      } catch (IOException e) {
        text = "";
      }
      if (flag(text) == null) {
        throw new IllegalArgumentException(
            "--dtype bf16 needs a CPU with the avx512_bf16 or amx_bf16 flag (AVX512-BF16 or AMX);"
                + " /proc/cpuinfo of this CPU lists neither");
      }
    }
    throw new IllegalArgumentException(
        "--dtype bf16: the engine cannot hold bfloat16 arrays (DJL 0.35.1's PyTorch JNI maps no"
            + " dtype past COMPLEX64 and would end the process); float32 only for now");
  }
}
