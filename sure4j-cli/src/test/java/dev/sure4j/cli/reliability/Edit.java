package dev.sure4j.cli.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.provider.Arguments;

/** One case's change to a copy of a model or adapter directory. */
@FunctionalInterface
interface Edit {

  /**
   * Changes the copy.
   *
   * @param dir the copied directory
   * @throws IOException when a file cannot be rewritten
   */
  void apply(Path dir) throws IOException;

  /**
   * Rewrites one safetensors file of the directory through its tensor map (laid out again
   * contiguously, in map order).
   *
   * @param file the file name inside the directory
   * @param edit changes the name-to-tensor map
   * @return the edit
   */
  static Edit tensors(String file, Consumer<Map<String, Safetensors.Tensor>> edit) {
    return dir -> {
      Map<String, Safetensors.Tensor> t =
          new LinkedHashMap<>(Safetensors.read(dir.resolve(file)).tensors());
      edit.accept(t);
      Files.write(dir.resolve(file), Safetensors.of(t).bytes());
    };
  }

  /**
   * Describes a case a command must refuse: the arguments of a parameterized test taking the case's
   * name, its edit and the fragments the one-line refusal must contain.
   *
   * @param name the case's name
   * @param edit breaks the copy
   * @param fragments what the refusal names
   * @return {@code (name, edit, fragments as a list)}
   */
  static Arguments refusedCase(String name, Edit edit, String... fragments) {
    return Arguments.of(name, edit, List.of(fragments));
  }
}
