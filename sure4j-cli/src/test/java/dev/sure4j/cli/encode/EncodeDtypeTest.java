package dev.sure4j.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sure4j.cli.Sure4j;
import dev.sure4j.speech.precision.Bf16Support;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j encode --dtype}: bf16 on a CPU without AVX512-BF16 or AMX ends the command with
 * one line naming the flag, before anything is loaded or written; an unknown dtype is named.
 */
class EncodeDtypeTest {

  private static String run(Path dir, String dtype) {
    CommandLine cli = Sure4j.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "encode",
            "--model",
            dir.resolve("no-model").toString(),
            "--audio",
            dir.resolve("no.wav").toString(),
            "--out",
            dir.resolve("out.npy").toString(),
            "--dtype",
            dtype);
    assertEquals(1, code, err.toString());
    return err.toString();
  }

  /** Skips the calling test on a CPU with native bfloat16, or when bf16 is forced. */
  private static void assumeNoNativeBf16() throws IOException {
    assumeTrue(
        Bf16Support.flag(Files.readString(Path.of("/proc/cpuinfo"))) == null,
        "this CPU has native bfloat16");
    assumeTrue(!Boolean.getBoolean(Bf16Support.FORCE_PROPERTY), "forced");
  }

  @Test
  void bf16OnACpuWithoutTheFlagIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    assumeNoNativeBf16();
    assertEquals(
        "sure4j encode: --dtype bf16 needs a CPU with the avx512_bf16 or amx_bf16 flag (AVX512-BF16"
            + " or AMX); /proc/cpuinfo of this CPU lists neither\n",
        run(dir, "bf16"));
    assertFalse(Files.exists(dir.resolve("out.npy")));
  }

  @Test
  void predictAndServeRefuseBf16TheSameWay(@TempDir Path dir) throws Exception {
    assumeNoNativeBf16();
    for (String[] args :
        List.of(
            new String[] {
              "predict",
              "--model",
              dir.toString(),
              "--adapter",
              dir.toString(),
              "--dtype",
              "bf16",
              dir.resolve("a.wav").toString()
            },
            new String[] {
              "serve", "--model", dir.toString(), "--adapter", dir.toString(), "--dtype", "bf16"
            })) {
      CommandLine cli = Sure4j.commandLine();
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err, true));
      assertEquals(1, cli.execute(args), err.toString());
      assertEquals(
          "sure4j "
              + args[0]
              + ": --dtype bf16 needs a CPU with the avx512_bf16 or amx_bf16 flag (AVX512-BF16 or"
              + " AMX); /proc/cpuinfo of this CPU lists neither\n",
          err.toString());
    }
  }

  @Test
  void anUnknownDtypeIsNamed(@TempDir Path dir) {
    assertEquals("sure4j encode: unknown dtype 'int8': one of float32, bf16\n", run(dir, "int8"));
  }
}
