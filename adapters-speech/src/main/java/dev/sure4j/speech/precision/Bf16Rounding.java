package dev.sure4j.speech.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * The weight-storage part of bfloat16's accuracy cost, measurable without bfloat16 arithmetic:
 * every float32 parameter of a block rounded, in place, to the nearest value bfloat16 can hold
 * (round to nearest, ties to even; the arrays stay float32). A backbone so rounded computes what a
 * bfloat16 backbone computes from its weights, except that its activations stay float32; real
 * bfloat16 inference also rounds each product's other operand, so its error is at least this.
 */
public final class Bf16Rounding {

  private Bf16Rounding() {}

  /**
   * Rounds one float32 value to the nearest bfloat16 value (8 significant bits), ties to even.
   * Infinities stay; a NaN stays a NaN.
   *
   * @param v the value
   * @return the nearest bfloat16 value, as a float
   */
  public static float round(float v) {
    if (Float.isNaN(v)) {
      return v;
    }
    int bits = Float.floatToRawIntBits(v);
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }

  /**
   * Rounds every float32 parameter of a block and its children in place.
   *
   * @param block an initialised block, e.g. a speech encoder with its adapters loaded
   * @return how many parameters were rounded
   */
  public static int roundWeights(Block block) {
    int n = 0;
    for (Parameter p : block.getParameters().values()) {
      NDArray a = p.getArray();
      if (a.getDataType() != DataType.FLOAT32) {
        continue;
      }
      float[] v = a.toFloatArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = round(v[i]);
      }
      a.set(v);
      n++;
    }
    return n;
  }
}
