package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sure4j train --task kws --method convadapter} on a Speech Commands tree: the names a
 * user copies from the quickstart table reach the Speech Commands reader and the ConvAdapter.
 */
class SpeechCommandsTrainTest {

  private static final Path KWS = Path.of("..", "data", "mini", "kws").toAbsolutePath().normalize();
  private static final String MODEL = Path.of("..", "models", "mini-hubert").toString();
  private static final List<String> WORDS = List.of("yes", "no", "up");

  /**
   * Lays out mini-corpus keyword clips as Speech Commands v0.01: {@code
   * <word>/<hash>_nohash_0.wav}, the val and test clips listed in {@code validation_list.txt} and
   * {@code testing_list.txt}, plus a non-keyword word and {@code _background_noise_}, which the
   * reader leaves out.
   */
  private static Path speechCommandsTree(Path root) throws IOException {
    List<String> validation = new ArrayList<>();
    List<String> testing = new ArrayList<>();
    for (String split : List.of("train", "val", "test")) {
      List<String> lines = Files.readAllLines(KWS.resolve(split + ".csv"));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        String word = f[1];
        int index = Integer.parseInt(f[0].replaceAll(".*_(\\d+)\\.wav", "$1"));
        if (!WORDS.contains(word) || index >= (split.equals("train") ? 6 : 2)) {
          continue;
        }
        String name = word + "/" + split + index + "_nohash_0.wav";
        Files.createDirectories(root.resolve(word));
        Files.copy(KWS.resolve(f[0]), root.resolve(name));
        (split.equals("val")
                ? validation
                : split.equals("test") ? testing : new ArrayList<String>())
            .add(name);
      }
    }
    Files.write(root.resolve("validation_list.txt"), validation);
    Files.write(root.resolve("testing_list.txt"), testing);
    Files.createDirectories(root.resolve("bed"));
    Files.copy(KWS.resolve("train/off_000.wav"), root.resolve("bed/aaaa_nohash_0.wav"));
    Files.createDirectories(root.resolve("_background_noise_"));
    Files.copy(KWS.resolve("train/off_001.wav"), root.resolve("_background_noise_/noise.wav"));
    return root;
  }

  @Test
  void trainsTheConvAdapterOnASpeechCommandsTreeUnderTheTableNames(@TempDir Path tmp)
      throws IOException {
    Path root = speechCommandsTree(tmp.resolve("speech_commands_v0.01"));
    Path out = tmp.resolve("run");
    String text =
        Commands.run(
            "train",
            "--model",
            MODEL,
            "--data",
            "speechcommands:" + root,
            "--task",
            "kws",
            "--method",
            "convadapter",
            "--max-steps",
            "2",
            "--batch-size",
            "4",
            "--out",
            out.toString());
    assertTrue(text.contains("18 train / 6 val / 6 test"), text);
    JsonObject config = Commands.json(out.resolve("adapter/adapter_config.json"));
    assertEquals("CONV_ADAPTER", config.get("peft_type").getAsString());
    JsonObject task = Commands.json(out.resolve("adapter/task.json"));
    Set<String> labels = new TreeSet<>();
    task.getAsJsonArray("labels").get(0).getAsJsonArray().forEach(l -> labels.add(l.getAsString()));
    assertEquals(new TreeSet<>(WORDS), labels, "only the keywords, not 'bed' or the noise");
    assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
  }
}
