package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.nn.StateDict;
import java.util.Map;

/**
 * The saved form of a LoRA that started from the base weight (PiSSA, OLoRA): a plain LoRA of rank
 * {@code 2r} against the untouched base, as PEFT's {@code save_pretrained} with {@code
 * path_initial_model_for_weight_conversion} writes it. Since {@code W = W_res + s B0 A0}, the
 * trained {@code W_res + s B A} is {@code W + s [B, -B0] [A; A0]}.
 */
final class StartConversion {

  private StartConversion() {}

  /**
   * Replaces, in the tensors to save, each started delta's {@code lora_A} by {@code cat([A, A0],
   * 0)} and {@code lora_B} by {@code cat([B, -B0], 1)}.
   *
   * @param adapter the adapter
   * @param out its tensors by saved name; changed in place
   * @param manager owns the new arrays
   * @return {@code out}
   */
  static Map<String, NDArray> untouchedBase(
      Adapter adapter, Map<String, NDArray> out, NDManager manager) {
    adapter
        .blocks()
        .forEach(
            (point, block) -> {
              if (block instanceof LoraDelta d) { // DoRA and convolutions have no such start
                d.start()
                    .ifPresent(
                        st -> convert(d, st, Adapter.BASE_PREFIX + point.path(), out, manager));
              }
            });
    return out;
  }

  private static void convert(
      LoraDelta d, LoraStart st, String prefix, Map<String, NDArray> out, NDManager m) {
    NDArray a = d.loraA().getArray();
    NDArray b = d.loraB().getArray();
    StateDict.of(d, prefix)
        .forEach(
            (name, p) -> {
              if (p == d.loraA()) {
                out.put(name, owned(a.concat(m.create(st.a(), a.getShape()), 0), m));
              } else if (p == d.loraB()) {
                out.put(name, owned(b.concat(m.create(st.b(), b.getShape()).neg(), 1), m));
              }
            });
  }

  private static NDArray owned(NDArray a, NDManager m) {
    a.attach(m);
    return a;
  }
}
