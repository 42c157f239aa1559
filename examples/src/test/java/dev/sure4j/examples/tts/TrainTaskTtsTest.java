package dev.sure4j.examples.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.examples.tasks.TrainCommand;
import dev.sure4j.speech.tts.train.TtsAdapterFiles;
import dev.sure4j.speech.tts.train.TtsRecipes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./sure4j train --task tts}: routed to the TTS adaptation with the bundled base model. */
class TrainTaskTtsTest {

  private static final Path ADAPT = Path.of("..", "data", "mini", "tts", "adapt", "carib_f4");

  @TempDir Path dir;

  private static int run(StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new TrainCommand());
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void unknownMethodsAndBaseTrainingAreRefused() {
    StringWriter err = new StringWriter();
    String[] common = {"--task", "tts", "--data", "manifest:x.csv", "--out", "o"};
    assertEquals(2, run(err, concat(common, "--method", "probe")));
    assertTrue(err.toString().contains("unknown TTS method 'probe'"), err.toString());
    err = new StringWriter();
    assertEquals(2, run(err, concat(common, "--method", "base")));
    assertTrue(err.toString().contains("train one with tts-train"), err.toString());
  }

  @Test
  void speakerAdaptationWritesAllMetrics() throws Exception {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(
        manifest,
        "path,text,speaker,split\n"
            + clip(0)
            + ",The blanket is soft and warm.,carib_f4,train\n"
            + clip(1)
            + ",The parcel arrived this morning.,carib_f4,train\n"
            + clip(62)
            + ",Let us meet at the park on Sunday.,carib_f4,test\n");
    Path out = dir.resolve("speaker");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--task",
            "text-to-speech",
            "--data",
            "manifest:" + manifest,
            "--method",
            "speaker",
            "--max-steps",
            "2",
            "--base",
            Path.of("..", "models", "mini-tts").toString(),
            "--out",
            out.toString());
    assertEquals(0, code, err.toString());
    assertTrue(Files.isRegularFile(out.resolve(TtsAdapterFiles.SPEAKER_FILE)));
    JsonObject m =
        JsonParser.parseString(Files.readString(out.resolve(TtsRecipes.METRICS))).getAsJsonObject();
    for (String key :
        new String[] {"mcd", "f0_rmse_cents", "duration_error_frames", "length_ratio"}) {
      double after = m.get(key).getAsDouble();
      double before = m.get(key + "_before").getAsDouble();
      assertTrue(Double.isFinite(after) && Double.isFinite(before), key + " " + m);
    }
    assertEquals(2, m.get("steps").getAsInt());
    assertEquals(1, m.get("test_utterances").getAsInt());
    // the speaker table alone trains: 4 base voices x D = 64
    assertEquals(4 * 64, m.get("trainable_params").getAsLong());
  }

  private static String clip(int i) {
    return ADAPT.resolve(String.format("carib_f4_%03d.flac", i)).toAbsolutePath().toString();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
