/**
 * Reduced-precision inference: {@link dev.sure4j.speech.precision.InferenceDtype} names the
 * precision, {@link dev.sure4j.speech.precision.Bf16Support} tells whether the CPU runs bfloat16
 * natively and whether the engine can run it, and {@link dev.sure4j.speech.precision.Bf16Rounding}
 * measures the weight-storage part of bfloat16's accuracy cost in float32.
 */
package dev.sure4j.speech.precision;
