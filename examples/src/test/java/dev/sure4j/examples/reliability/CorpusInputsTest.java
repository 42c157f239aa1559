package dev.sure4j.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken clips inside a corpus. {@code ./sure4j train} reads a corpus clip by clip: by design
 * (docs/train-your-own-adapter.md) an unreadable clip is reported once, naming the file, its
 * manifest line and the fault, then skipped, and the run goes on and counts what it skipped. {@code
 * ./sure4j predict} on a bad clip is refused in one line and prints no prediction.
 */
class CorpusInputsTest {

  @TempDir static Path tmp;
  private static List<String> header;
  private static List<String> rows;

  @BeforeAll
  static void smallCorpus() throws IOException {
    Path mini = Cli.ROOT.resolve("data/mini/kws");
    List<String> lines = Files.readAllLines(mini.resolve("train.csv"));
    header = List.of(lines.get(0));
    rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i += 16) {
      rows.add(mini + "/" + lines.get(i));
    }
  }

  /**
   * Writes a corpus whose first training row and first test row are {@code bad}, labelled as the
   * row it replaces (the test split is read in full, so the bad clip is certainly read).
   */
  private static Path corpus(String name, Path bad) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name.replaceAll("[^a-zA-Z0-9]+", "-")));
    List<String> train = new ArrayList<>(header);
    train.add(bad + "," + rows.get(0).split(",")[1]);
    train.addAll(rows.subList(1, rows.size()));
    Files.write(dir.resolve("train.csv"), train);
    for (String split : List.of("val", "test")) {
      List<String> some = new ArrayList<>(header);
      if (split.equals("test")) {
        some.add(train.get(1));
      }
      some.addAll(rows.subList(1, 4));
      Files.write(dir.resolve(split + ".csv"), some);
    }
    return dir;
  }

  static Stream<Arguments> badClips() {
    return Stream.of(
        Arguments.of("an empty clip", new byte[0], "truncated at byte 0"),
        Arguments.of(
            "a clip with a NaN sample",
            Wav.file(Wav.FLOAT, 1, 16_000, 32, Wav.f32(new float[] {0, Float.NaN, 0, 0})),
            "is NaN"),
        Arguments.of(
            "a clip too short for the encoder",
            Wav.file(Wav.PCM, 1, 16_000, 16, new byte[200]),
            "100 samples at 16000 Hz"));
  }

  @ParameterizedTest(name = "train with {0}")
  @MethodSource("badClips")
  void trainReportsAndSkipsTheBadClip(String name, byte[] bytes, String what) throws IOException {
    Path clip = tmp.resolve(name.replaceAll("[^a-zA-Z0-9]+", "-") + ".wav");
    Files.write(clip, bytes);
    Path data = corpus(name, clip);
    Path out = tmp.resolve("out-" + data.getFileName());
    Cli.run(
            true,
            "train",
            "--model",
            Cli.MODEL.toString(),
            "--data",
            data.toString(),
            "--method",
            "lora",
            "--max-steps",
            "1",
            "--out",
            out.toString())
        .assertWorked(name)
        .assertLogged(
            "skipping unreadable audio " + clip + " (manifest line 2): " + clip + ": ",
            what,
            "unreadable audio files were skipped");
    assertTrue(Files.isRegularFile(out.resolve("metrics.json")), "the run finished");
  }

  @org.junit.jupiter.api.Test
  void predictNamesTheBadClipAndPrintsNothing() throws IOException {
    Path good = corpus("good", Path.of(rows.get(0).split(",")[0]));
    Path run = tmp.resolve("good-run");
    Cli.run(
            "train",
            "--model",
            Cli.MODEL.toString(),
            "--data",
            good.toString(),
            "--method",
            "probe",
            "--max-steps",
            "1",
            "--out",
            run.toString())
        .assertWorked("train");
    Path clip = tmp.resolve("predict-empty.wav");
    Files.write(clip, new byte[0]);
    Cli result =
        Cli.run(
            "predict",
            "--model",
            Cli.MODEL.toString(),
            "--adapter",
            run.resolve("adapter").toString(),
            rows.get(0).split(",")[0],
            clip.toString());
    result.assertRefused("predict", null, List.of(clip.toString(), "truncated at byte 0"));
    assertEquals("", result.out(), "no partial predictions");
  }
}
