package dev.sure4j.adapters.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;

/**
 * Numbers in {@code adapter_config.json}: read exactly (integers bounded, with errors naming the
 * file and field) and written as PEFT writes them.
 */
final class JsonNumbers {

  private JsonNumbers() {}

  /** Reads a required number field exactly. */
  static BigDecimal decimal(SpecFields f, String field) {
    JsonElement e = f.required(field);
    try {
      if (!e.getAsJsonPrimitive().isNumber()) {
        throw f.error(field, "must be a number: " + e, null);
      }
      return e.getAsBigDecimal();
    } catch (IllegalStateException | NumberFormatException ex) {
      throw f.error(field, "must be a number: " + e, ex);
    }
  }

  /** Reads a required whole-number field of at most {@code max}. */
  static int integer(SpecFields f, String field, int max) {
    int v;
    try {
      v = decimal(f, field).intValueExact();
    } catch (ArithmeticException ex) {
      throw f.error(field, "must be an integer: " + f.optElement(field), ex);
    }
    if (v > max) {
      throw f.error(field, "is " + v + ", more than the limit of " + max, null);
    }
    return v;
  }

  /** See {@link SpecFields#number(double)}. */
  static JsonElement write(double v) {
    JsonObject holder = new JsonObject();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      holder.addProperty("v", (long) v);
    } else {
      holder.addProperty("v", v);
    }
    return holder.get("v");
  }
}
