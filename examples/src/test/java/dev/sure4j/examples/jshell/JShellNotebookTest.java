package dev.sure4j.examples.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code examples/notebooks/sure4j-quickstart.ipynb} in sync with the JShell scripts: its
 * code cells must be the cells of {@code imports.jsh} and then of each numbered script, in order
 * (blocks separated by blank lines, JShell commands left out). The cells are run by {@link
 * JShellScriptsTest}, which runs the scripts they equal; {@code tools/jshell_notebook.py} rewrites
 * the notebook from the scripts.
 */
class JShellNotebookTest {

  private static final Path NOTEBOOK =
      JShellScripts.ROOT.resolve("examples/notebooks/sure4j-quickstart.ipynb");

  private static JsonObject notebook() throws Exception {
    return JsonParser.parseString(Files.readString(NOTEBOOK)).getAsJsonObject();
  }

  @Test
  void isANotebookForTheIJavaKernel() throws Exception {
    JsonObject nb = notebook();
    assertEquals(4, nb.get("nbformat").getAsInt());
    JsonObject kernel = nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec");
    assertEquals("java", kernel.get("name").getAsString());
    assertEquals("java", kernel.get("language").getAsString());
  }

  @Test
  void codeCellsAreTheScriptsCellsInOrder() throws Exception {
    List<String> expected = new ArrayList<>(JShellScripts.cells(JShellScripts.IMPORTS));
    for (Path script : JShellScripts.examples()) {
      expected.addAll(JShellScripts.cells(script));
    }
    List<String> actual = new ArrayList<>();
    for (JsonElement cell : notebook().getAsJsonArray("cells")) {
      JsonObject c = cell.getAsJsonObject();
      if (c.get("cell_type").getAsString().equals("code")) {
        StringBuilder source = new StringBuilder();
        c.getAsJsonArray("source").forEach(line -> source.append(line.getAsString()));
        actual.add(source.toString());
      }
    }
    assertEquals(expected, actual, "notebook out of date: run python3 tools/jshell_notebook.py");
  }
}
