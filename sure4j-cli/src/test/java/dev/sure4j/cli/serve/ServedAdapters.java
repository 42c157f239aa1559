package dev.sure4j.cli.serve;

import dev.sure4j.cli.tasks.Commands;
import dev.sure4j.speech.serving.AdapterServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three adapters trained once per test JVM with {@code ./sure4j train} (two steps each on the mini
 * corpus): {@code kws} (LoRA), {@code intent} (bottleneck), {@code asr} (LoRA, CTC) and {@code
 * gain} (the test-only SCALE method); test clips; and what {@code ./sure4j predict} prints for
 * them, the offline answers the server must match.
 */
final class ServedAdapters {

  static final String MODEL = Path.of("..", "models", "mini-hubert").toString();
  private static final Path MINI = Path.of("..", "data", "mini");
  private static Map<String, Path> dirs;

  private ServedAdapters() {}

  static synchronized Map<String, Path> dirs() throws IOException {
    if (dirs == null) {
      Path root =
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "served-adapters-");
      Map<String, Path> out = new LinkedHashMap<>();
      out.put("kws", train("kws", "lora", root));
      out.put("intent", train("intent", "bottleneck", root));
      out.put("asr", train("ctc", "lora", root));
      // the test-only SCALE method of adapters-core's tests: trained, saved, loaded and served
      // though no main file names it
      out.put("gain", train("kws", "scale", root));
      dirs = out;
    }
    return dirs;
  }

  /**
   * Returns the {@code kws} adapter alone: the one of {@link #dirs()} when they are trained, else
   * trained by itself (for a test class run on its own, such as a fuzz run).
   */
  static synchronized Path kws() throws IOException {
    if (dirs != null) {
      return dirs.get("kws");
    }
    Path root =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "served-kws-");
    return train("kws", "lora", root);
  }

  /**
   * Starts a server of the bundled backbone with the {@link #kws()} adapter loaded as {@code kws}.
   *
   * @return the server; the caller closes it
   * @throws IOException when the backbone or the adapter cannot be read
   */
  static AdapterServer kwsServer() throws IOException {
    AdapterServer server = AdapterServer.builder().setCheckpoint(Path.of(MODEL)).build();
    server.load("kws", kws());
    return server;
  }

  private static Path train(String corpus, String method, Path root) {
    Path out = root.resolve(corpus + "-" + method);
    Commands.run(
        "train",
        "--model",
        MODEL,
        "--data",
        MINI.resolve(corpus).toString(),
        "--method",
        method,
        "--max-steps",
        "2",
        "--out",
        out.toString());
    return out.resolve("adapter");
  }

  /** The first {@code perCorpus} test clips of the kws, intent and ctc corpora. */
  static List<Path> clips(int perCorpus) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String corpus : List.of("kws", "intent", "ctc")) {
      List<String> lines = Files.readAllLines(MINI.resolve(corpus).resolve("test.csv"));
      for (int i = 1; i <= perCorpus; i++) {
        out.add(MINI.resolve(corpus).resolve(lines.get(i).split(",")[0]));
      }
    }
    return out;
  }

  /**
   * Returns what {@code ./sure4j predict} prints for every adapter and clip.
   *
   * @return "clip TAB adapter" to the predicted text
   */
  static Map<String, String> offline(List<Path> clips) throws IOException {
    List<String> args = new ArrayList<>(List.of("predict", "--model", MODEL));
    dirs().forEach((name, dir) -> args.addAll(List.of("--adapter", name + "=" + dir)));
    clips.forEach(c -> args.add(c.toString()));
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Commands.run(args.toArray(new String[0])).strip().split("\n")) {
      String[] f = line.split("\t", -1);
      out.put(f[0] + "\t" + f[1], f[2]);
    }
    return out;
  }
}
