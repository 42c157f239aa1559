package dev.sure4j.adapters.io.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint file's structure, before any tensor is checked: the unpickled state dict and where
 * each storage's bytes are, by storage key.
 *
 * @param root the unpickled object, a state dict when the file is one
 * @param storages the storages by key
 */
record ParsedCheckpoint(Object root, Map<String, StorageData> storages) {

  /**
   * Lists the state dict's tensors by name. A dict nested in the state dict (such as HiFi-GAN's
   * {@code {"generator": state_dict}}) contributes its tensors with its key and a dot as a prefix
   * ({@code generator.conv_pre.weight_g}).
   *
   * @param root the unpickled object
   * @param file the file, for messages
   * @return the tensors in the pickle's order
   * @throws IOException when the root is not a dict, a key is not a string, a value is neither a
   *     tensor nor a dict, or two entries flatten to one name
   */
  static Map<String, TorchTensor> tensors(Object root, Path file) throws IOException {
    if (!(root instanceof Map<?, ?> dict)) {
      throw new IOException(
          file + ": the pickle holds " + PickleText.describe(root) + ", not a state dict");
    }
    Map<String, TorchTensor> out = new LinkedHashMap<>();
    flatten(dict, "", out, file, 0);
    return out;
  }

  private static void flatten(
      Map<?, ?> dict, String prefix, Map<String, TorchTensor> out, Path file, int depth)
      throws IOException {
    if (depth > 16) {
      throw new IOException(file + ": state dict nested deeper than 16 levels at '" + prefix + "'");
    }
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IOException(
            file + ": state dict key " + PickleText.describe(e.getKey()) + " is not text");
      }
      String name = prefix + key;
      if (!PickleText.printable(name).equals(name)) {
        throw new IOException(
            file + ": state dict key '" + PickleText.printable(name) + "' has control characters");
      }
      if (e.getValue() instanceof TorchTensor t) {
        if (out.put(name, t) != null) {
          throw new IOException(file + ": tensor name '" + name + "' appears twice");
        }
      } else if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(nested, name + ".", out, file, depth + 1);
      } else {
        throw new IOException(
            file
                + ": state dict entry '"
                + name
                + "' is not a tensor: "
                + PickleText.describe(e.getValue()));
      }
    }
  }
}
