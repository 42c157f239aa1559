package dev.sure4j.speech.precision;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The number type a backbone runs inference in. */
public enum InferenceDtype {
  /** IEEE single precision, the default: what every checkpoint holds. */
  FLOAT32(DataType.FLOAT32),
  /**
   * bfloat16: float32's exponent with an 8-bit significand (about 3 significant decimal digits);
   * half the memory traffic, and native matrix products on CPUs with AVX512-BF16 or AMX.
   */
  BF16(DataType.BFLOAT16);

  private final DataType dataType;

  InferenceDtype(DataType dataType) {
    this.dataType = dataType;
  }

  /**
   * Returns DJL's data type for this precision.
   *
   * @return {@code FLOAT32} or {@code BFLOAT16}
   */
  public DataType dataType() {
    return dataType;
  }

  /**
   * Parses a {@code --dtype} value.
   *
   * @param name {@code float32} (or {@code fp32}) or {@code bf16} (or {@code bfloat16}), any case
   * @return the precision
   * @throws IllegalArgumentException for any other name, naming it
   */
  public static InferenceDtype parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "float32", "fp32" -> FLOAT32;
      case "bf16", "bfloat16" -> BF16;
      default ->
          throw new IllegalArgumentException("unknown dtype '" + name + "': one of float32, bf16");
    };
  }
}
