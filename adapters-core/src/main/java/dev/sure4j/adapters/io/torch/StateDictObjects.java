package dev.sure4j.adapters.io.torch;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the allowlisted globals mean to {@link RestrictedUnpickler}: calling {@code OrderedDict},
 * {@code _rebuild_tensor_v2} or a parameter rebuild, {@code BUILD} on a state dict, and a storage's
 * persistent id {@code ('storage', type, key, location, numel[, None])}. One instance per pickle,
 * so that a storage named twice is one {@link TorchStorage}.
 */
final class StateDictObjects {

  private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final Function<String, IOException> error;
  private final Map<String, TorchStorage> storages = new HashMap<>();

  /**
   * Creates the interpreter for one pickle.
   *
   * @param error turns a message into the unpickler's exception, with the file and byte
   */
  StateDictObjects(Function<String, IOException> error) {
    this.error = error;
  }

  /**
   * Applies an allowlisted callable ({@code REDUCE}).
   *
   * @param callable the callable from the stack
   * @param args its argument tuple
   * @return a new ordered dict, or the tensor
   * @throws IOException when the callable or its arguments are not a state dict's
   */
  Object call(Object callable, List<?> args) throws IOException {
    if (callable == TorchGlobal.ORDERED_DICT && args.isEmpty()) {
      return new LinkedHashMap<>();
    }
    if (callable == TorchGlobal.REBUILD_TENSOR_V2 && args.size() >= 4) {
      if (!(args.get(0) instanceof TorchStorage storage)) {
        throw error.apply(
            "_rebuild_tensor_v2 without a storage: " + PickleText.describe(args.get(0)));
      }
      long[] shape = longs(args.get(2), "size");
      long[] stride = longs(args.get(3), "stride");
      if (!(args.get(1) instanceof Long offset)) {
        throw error.apply(
            "_rebuild_tensor_v2 with a storage offset that is not an integer: "
                + PickleText.describe(args.get(1)));
      }
      if (shape.length != stride.length || offset < 0) {
        throw error.apply(
            String.format(
                "bad tensor layout: size %s, stride %s, offset %d",
                Arrays.toString(shape), Arrays.toString(stride), offset));
      }
      return new TorchTensor(storage, offset, shape, stride);
    }
    if ((callable == TorchGlobal.REBUILD_PARAMETER
            || callable == TorchGlobal.REBUILD_PARAMETER_WITH_STATE)
        && !args.isEmpty()
        && args.get(0) instanceof TorchTensor t) {
      return t;
    }
    throw error.apply(
        "cannot call " + PickleText.describe(callable) + " with " + args.size() + " arguments");
  }

  /**
   * Sets an object's state ({@code BUILD}): accepted, and ignored, on dicts and tensors only.
   *
   * @param state the state from the stack
   * @param target the object below it
   * @throws IOException for any other target
   */
  void build(Object state, Object target) throws IOException {
    // an OrderedDict's instance attributes (a state dict's _metadata) or a parameter's state:
    // neither affects the tensors
    if (!(target instanceof Map) && !(target instanceof TorchTensor)) {
      throw error.apply(
          "cannot set the state of "
              + PickleText.describe(target)
              + " to "
              + PickleText.describe(state));
    }
  }

  /**
   * Resolves a persistent id ({@code BINPERSID}) to a storage.
   *
   * @param pid the id tuple
   * @return the storage; the same instance for the same key
   * @throws IOException when the id is not a typed storage's or contradicts an earlier one
   */
  TorchStorage storage(Object pid) throws IOException {
    if (!(pid instanceof List<?> p)
        || (p.size() != 5 && (p.size() != 6 || p.get(5) != null))
        || !"storage".equals(p.get(0))
        || !(p.get(1) instanceof TorchGlobal type)
        || type.storageType().isEmpty()
        || !(p.get(2) instanceof String key)
        || !(p.get(4) instanceof Long elements)
        || elements < 0) {
      throw error.apply("unsupported persistent id " + PickleText.describe(pid));
    }
    if (!STORAGE_KEY.matcher(key).matches()) {
      throw error.apply("storage key " + PickleText.describe(key) + " is not a plain name");
    }
    TorchStorage s = new TorchStorage(key, type.storageType().get(), elements);
    TorchStorage previous = storages.putIfAbsent(key, s);
    if (previous != null && !previous.equals(s)) {
      throw error.apply("storage " + key + " is declared as both " + previous + " and " + s);
    }
    return previous == null ? s : previous;
  }

  private long[] longs(Object tuple, String what) throws IOException {
    if (!(tuple instanceof List<?> l)) {
      throw error.apply("tensor " + what + " is not a tuple: " + PickleText.describe(tuple));
    }
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Long v) || v < 0) {
        throw error.apply("tensor " + what + " must hold integers >= 0: " + l);
      }
      out[i] = v;
    }
    return out;
  }
}
