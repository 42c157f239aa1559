package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken clips inside a corpus. {@code ./sure4j train} reads a corpus clip by clip: by design
 * (docs/train-your-own-adapter.md) an unreadable clip is reported once, naming the file, its
 * manifest line and the fault, then skipped, and the run goes on and counts what it skipped. {@code
 * ./sure4j predict} on a bad clip is refused in one line and prints no prediction. One training run
 * on a small copy of the mini keyword corpus, whose test split lists every bad clip, serves all
 * cases.
 */
class CorpusInputsTest {

  @TempDir static Path tmp;
  private static Path run;
  private static Cli trained;
  private static String goodClip;

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

  private static Path clip(String name) {
    return tmp.resolve(CaseNames.fileName(name) + ".wav");
  }

  @BeforeAll
  static void trainOnACorpusWithBadClips() throws IOException {
    Path mini = Cli.ROOT.resolve("data/mini/kws");
    List<String> lines = Files.readAllLines(mini.resolve("train.csv"));
    List<String> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i += 16) {
      rows.add(mini + "/" + lines.get(i));
    }
    goodClip = rows.get(0).split(",")[0];
    String label = rows.get(0).split(",")[1];
    List<String> bad = new ArrayList<>();
    for (Arguments a : badClips().toList()) {
      Path clip = clip((String) a.get()[0]);
      Files.write(clip, (byte[]) a.get()[1]);
      bad.add(clip + "," + label);
    }
    Path data = Files.createDirectories(tmp.resolve("kws"));
    List<String> train = new ArrayList<>(List.of(lines.get(0)));
    train.addAll(bad);
    train.addAll(rows);
    Files.write(data.resolve("train.csv"), train);
    List<String> some = new ArrayList<>(List.of(lines.get(0)));
    some.addAll(rows.subList(1, 4));
    Files.write(data.resolve("val.csv"), some);
    some.addAll(1, bad); // the test split is read in full: every bad clip is certainly read
    Files.write(data.resolve("test.csv"), some);
    run = tmp.resolve("run");
    trained = Cli.train(data, "lora", 1, run, true).assertWorked("train");
    System.out.print(trained.log());
  }

  @ParameterizedTest(name = "train with {0}")
  @MethodSource("badClips")
  void trainReportsAndSkipsTheBadClip(String name, byte[] bytes, String what) {
    Path clip = clip(name);
    // manifest lines: 1 is the header, the bad clips follow in order
    int line = badClips().map(a -> a.get()[0]).toList().indexOf(name) + 2;
    trained.assertLogged(
        "skipping unreadable audio " + clip + " (manifest line " + line + "): " + clip + ": ",
        what);
  }

  @Test
  void trainCountsWhatItSkippedAndFinishes() {
    trained.assertLogged("unreadable audio files were skipped");
    assertTrue(Files.isRegularFile(run.resolve("metrics.json")), "the run finished");
  }

  @Test
  void predictNamesTheBadClipAndPrintsNothing() {
    Path clip = clip("an empty clip");
    Cli result =
        Cli.run(
            "predict",
            "--model",
            Cli.MODEL.toString(),
            "--adapter",
            run.resolve("adapter").toString(),
            goodClip,
            clip.toString());
    result.assertRefused("predict", null, clip, List.of("truncated at byte 0"));
    assertEquals("", result.out(), "no partial predictions");
  }
}
