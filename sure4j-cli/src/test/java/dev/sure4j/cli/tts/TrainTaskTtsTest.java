package dev.sure4j.cli.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.cli.Sure4j;
import dev.sure4j.cli.tasks.Commands;
import dev.sure4j.cli.tasks.TrainCommand;
import dev.sure4j.speech.tts.train.PaceFile;
import dev.sure4j.speech.tts.train.TtsAdapterFiles;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.VoiceStatsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j train --task tts}: routed to the TTS adaptation with the bundled base model, with
 * the voice's own pitch statistics unless {@code --no-voice-stats}; {@code ./sure4j tts --adapter}
 * then speaks with them.
 */
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
  void voiceStatisticsAreOnUnlessTurnedOff() {
    String[] common = {"--task", "tts", "--data", "manifest:x.csv", "--out", "o"};
    CommandLine on = new CommandLine(new TrainCommand());
    on.parseArgs(common);
    assertEquals(true, on.getCommandSpec().findOption("--voice-stats").getValue());
    CommandLine off = new CommandLine(new TrainCommand());
    off.parseArgs(concat(common, "--no-voice-stats"));
    assertEquals(false, off.getCommandSpec().findOption("--voice-stats").getValue());
  }

  @Test
  void alignerAdaptationIsOnUnlessTurnedOff() {
    String[] common = {"--task", "tts", "--data", "manifest:x.csv", "--out", "o"};
    CommandLine on = new CommandLine(new TrainCommand());
    on.parseArgs(common);
    assertEquals(true, on.getCommandSpec().findOption("--adapt-aligner").getValue());
    CommandLine off = new CommandLine(new TrainCommand());
    off.parseArgs(concat(common, "--no-adapt-aligner"));
    assertEquals(false, off.getCommandSpec().findOption("--adapt-aligner").getValue());
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
        new String[] {
          "mcd",
          "dtw_insertions",
          "dtw_deletions",
          "mcd_mel_db",
          "f0_rmse_cents",
          "duration_error_frames",
          "length_ratio"
        }) {
      for (String suffix : new String[] {"", "_before"}) {
        double value = m.get(key + suffix).getAsDouble();
        assertTrue(Double.isFinite(value) && value >= 0, key + suffix + " " + m);
      }
    }
    for (String suffix : new String[] {"", "_before"}) {
      // with one test utterance the MCD path's insertions minus deletions per reference frame is
      // N_syn / N_ref - 1 in MFCC frames (hop 275), which the vocoded length (hop 256) makes
      // about the mel length ratio
      double ratio = m.get("length_ratio" + suffix).getAsDouble();
      double dtw =
          1
              + m.get("dtw_insertions" + suffix).getAsDouble()
              - m.get("dtw_deletions" + suffix).getAsDouble();
      assertEquals(ratio, dtw, 0.03, "length ratio " + ratio + " vs DTW " + dtw + suffix);
    }
    assertEquals(2, m.get("steps").getAsInt());
    assertEquals(1, m.get("test_utterances").getAsInt());
    // the speaker table alone trains: 4 base voices x D = 64
    assertEquals(4 * 64, m.get("trainable_params").getAsLong());
    assertTrue(m.get("voice_stats").getAsBoolean(), m.toString());
    assertTrue(Files.isRegularFile(out.resolve(VoiceStatsFile.FILE)));
    // carib_f4 speaks higher than the base voices (mean ln F0 4.56, 96 Hz)
    assertTrue(m.get("pitch_mean_ln_hz").getAsDouble() > 4.56 + 0.3, m.toString());

    Path wav = dir.resolve("speak.wav");
    String[] speak = {
      "tts",
      "--model",
      Path.of("..", "models", "mini-tts").toString(),
      "--adapter",
      out.toString(),
      "--text",
      "open the door",
      "--out",
      wav.toString()
    };
    assertTrue(Commands.run(speak).contains("(voice statistics)"));
    // the fitted pace is saved with the adaptation and spoken at; --pace scales it
    double scale = m.get("duration_scale").getAsDouble();
    assertTrue(Double.isFinite(scale) && scale > 0, m.toString());
    assertEquals(scale, PaceFile.read(out).orElseThrow(), 0);
    long paced = Files.size(wav);
    Commands.run(concat(speak, "--pace", "2"));
    double slower = (Files.size(wav) - 44) / (double) (paced - 44);
    assertTrue(slower > 1.8 && slower < 2.2, "--pace 2 spoke " + slower + " times as long");
    CommandLine zero = Sure4j.commandLine();
    StringWriter refused = new StringWriter();
    zero.setErr(new PrintWriter(refused, true));
    assertEquals(1, zero.execute(concat(speak, "--pace", "0")), refused.toString());
    assertEquals(1, refused.toString().strip().lines().count(), refused.toString());
    assertTrue(refused.toString().contains("--pace"), refused.toString());
    Files.writeString(out.resolve(VoiceStatsFile.FILE), "{\"pitchMean\": 5");
    CommandLine cli = Sure4j.commandLine();
    StringWriter broken = new StringWriter();
    cli.setErr(new PrintWriter(broken, true));
    assertEquals(1, cli.execute(speak), broken.toString());
    assertEquals(1, broken.toString().strip().lines().count(), broken.toString());
    assertTrue(broken.toString().contains(VoiceStatsFile.FILE), broken.toString());
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
