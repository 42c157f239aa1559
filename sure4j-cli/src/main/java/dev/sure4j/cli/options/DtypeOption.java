package dev.sure4j.cli.options;

import dev.sure4j.speech.precision.Bf16Support;
import dev.sure4j.speech.precision.InferenceDtype;
import picocli.CommandLine.Option;

/**
 * The {@code --dtype float32|bf16} option of the inference commands (a picocli mixin): bf16 is
 * refused in one line where the CPU lacks AVX512-BF16 and AMX, or the engine lacks bfloat16 ({@link
 * Bf16Support#check}); see docs/performance.md#bfloat16-inference.
 */
public final class DtypeOption {

  @Option(
      names = "--dtype",
      paramLabel = "float32|bf16",
      defaultValue = "float32",
      description =
          "Number type of inference: float32, or bf16 where the CPU has AVX512-BF16 or AMX and the"
              + " engine supports it (refused in one line otherwise; default ${DEFAULT-VALUE}).")
  String name;

  /**
   * Returns the chosen precision, checked against the CPU and the engine. Commands call this before
   * loading anything.
   *
   * @return the {@code --dtype} value
   * @throws IllegalArgumentException for an unknown name, or bf16 where it cannot run
   */
  public InferenceDtype checked() {
    InferenceDtype dtype = InferenceDtype.parse(name);
    if (dtype == InferenceDtype.BF16) {
      Bf16Support.check();
    }
    return dtype;
  }
}
