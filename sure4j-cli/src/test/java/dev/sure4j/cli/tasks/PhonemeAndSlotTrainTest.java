package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sure4j train --task pr} and {@code --task sf} end to end on a few mini-corpus clips:
 * transcripts become phones through a hand-written lexicon or slot tags from SLURP annotation, the
 * CTC head trains one step, and {@code metrics.json} carries the task's metric; {@code evaluate}
 * then converts the data the same way.
 */
class PhonemeAndSlotTrainTest {

  private static final Path CTC = Path.of("..", "data", "mini", "ctc").toAbsolutePath().normalize();
  private static final String MODEL = Path.of("..", "models", "mini-hubert").toString();

  /** Writes train/val/test manifests over ctc clips: two clips each, the given transcripts. */
  private static Path manifests(Path dir, List<String> texts) throws IOException {
    Files.createDirectories(dir);
    String[][] clips = {
      {"train/utt001_0.wav", "train/utt001_1.wav"},
      {"val/utt001_0.wav", "val/utt002_0.wav"},
      {"test/utt000_0.wav", "test/utt000_1.wav"}
    };
    String[] splits = {"train", "val", "test"};
    for (int s = 0; s < 3; s++) {
      StringBuilder csv = new StringBuilder("path,transcript\n");
      for (int i = 0; i < 2; i++) {
        csv.append(CTC.resolve(clips[s][i])).append(',').append(texts.get(2 * s + i)).append('\n');
      }
      Files.writeString(dir.resolve(splits[s] + ".csv"), csv);
    }
    return dir;
  }

  /** Runs {@code train} for one step of batch 2 and returns what it printed. */
  private static String trainOneStep(
      Path data, String task, String method, Path out, String... options) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("train", "--model", MODEL, "--data", data.toString(), "--task", task));
    args.addAll(List.of("--method", method, "--max-steps", "1", "--batch-size", "2"));
    args.addAll(List.of("--out", out.toString()));
    args.addAll(List.of(options));
    return Commands.run(args.toArray(String[]::new));
  }

  private static JsonObject json(Path file) throws IOException {
    return Commands.json(file);
  }

  @Test
  void phonemeRecognitionTrainsOnPhonesThroughTheLexicon(@TempDir Path tmp) throws IOException {
    Path data =
        manifests(
            tmp.resolve("phones"),
            List.of(
                "go left now",
                "go left zebra",
                "go up and stop",
                "the music is on",
                "turn the lights off",
                "turn the lights off"));
    Path lexicon = tmp.resolve("cmu.txt");
    Files.write(
        lexicon,
        List.of(
            ";;; a hand-written excerpt in CMUdict 0.7b form",
            "AND  AH0 N D",
            "AND(1)  AE1 N D",
            "GO  G OW1",
            "IS  IH1 Z",
            "LEFT  L EH1 F T",
            "LIGHTS  L AY1 T S",
            "MUSIC  M Y UW1 Z IH0 K",
            "NOW  N AW1",
            "OFF  AO1 F",
            "ON  AA1 N",
            "STOP  S T AA1 P",
            "THE  DH AH0",
            "TURN  T ER1 N",
            "UP  AH1 P"));
    Path out = tmp.resolve("run");
    String text =
        trainOneStep(
            data, "phonemes", "lora", out, "--lexicon", lexicon.toString(), "--skip-unknown-words");
    assertTrue(text.contains("train split: left out 1 of 2 utterances"), text);
    assertTrue(text.contains("1 train / 2 val / 2 test"), text);
    JsonObject metrics = json(out.resolve("metrics.json"));
    assertEquals("per", metrics.get("metric").getAsString());
    assertTrue(metrics.getAsJsonObject("test").has("per"), metrics.toString());
    JsonObject vocabulary = json(out.resolve("adapter/task.json")).getAsJsonObject("vocabulary");
    assertEquals("tokens", vocabulary.get("kind").getAsString());
    // the phones of "go left now" (stress stripped), after <pad> and <unk>, sorted
    assertEquals(
        List.of("<pad>", "<unk>", "AW", "EH", "F", "G", "L", "N", "OW", "T"),
        vocabulary.getAsJsonArray("tokens").asList().stream().map(e -> e.getAsString()).toList());
    String eval =
        Commands.run(
            "evaluate",
            "--model",
            MODEL,
            "--adapter",
            out.resolve("adapter").toString(),
            "--data",
            data.toString(),
            "--lexicon",
            lexicon.toString());
    assertTrue(eval.contains("per="), eval);
  }

  @Test
  void slotFillingTrainsOnSlurpAnnotatedTranscripts(@TempDir Path tmp) throws IOException {
    Path data =
        manifests(
            tmp.resolve("sf"),
            List.of(
                "go [direction : left] now",
                "go [direction : left] now",
                "go [direction : up] and stop",
                "the [device : music] is on",
                "turn the [device : lights] off",
                "turn the [device : lights] off"));
    Path out = tmp.resolve("run");
    trainOneStep(data, "sf", "probe", out);
    JsonObject metrics = json(out.resolve("metrics.json"));
    assertEquals("slot_type_f1", metrics.get("metric").getAsString());
    JsonObject test = metrics.getAsJsonObject("test");
    assertTrue(test.has("slot_value_cer") && test.has("cer"), test.toString());
    JsonObject vocabulary = json(out.resolve("adapter/task.json")).getAsJsonObject("vocabulary");
    assertEquals("character_slots", vocabulary.get("kind").getAsString());
    List<String> tokens =
        vocabulary.getAsJsonArray("tokens").asList().stream().map(e -> e.getAsString()).toList();
    // "go B-direction left E-direction now": the tags are single tokens
    assertEquals(
        List.of(
            "<pad>",
            "<unk>",
            "|",
            "B-direction",
            "E-direction",
            "e",
            "f",
            "g",
            "l",
            "n",
            "o",
            "t",
            "w"),
        tokens);
  }
}
