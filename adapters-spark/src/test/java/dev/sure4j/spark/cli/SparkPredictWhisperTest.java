package dev.sure4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spark-predict} with the tiny random Whisper of adapters-speech and its PEFT LoRA on {@code
 * local[2]}: one row per file, whose prediction's {@code transcript} is the text {@link
 * WhisperSession#transcribe} gives offline (what {@code transcribe --adapter} prints), a missing
 * file a null prediction with its error, and hidden-state outputs refused in one line.
 */
class SparkPredictWhisperTest {

  private static final Path RESOURCES =
      Path.of("..", "adapters-speech", "src", "test", "resources");
  private static final Path WHISPER =
      RESOURCES.resolve("whisper").resolve("tiny-random").toAbsolutePath().normalize();
  private static final Path LORA =
      RESOURCES.resolve("whisper").resolve("lora").toAbsolutePath().normalize();
  private static final Path WAV =
      RESOURCES.resolve("audio").resolve("mel").resolve("speech_c_16k.wav");

  @TempDir Path tmp;

  @Test
  void writesOneTranscriptPerFile() throws Exception {
    Files.createDirectories(tmp.resolve("clips"));
    float[] wave = WavReader.read(WAV).toMono().channel(0);
    int[] lengths = {wave.length, 8000};
    for (int i = 0; i < lengths.length; i++) {
      WavWriter.write(
          tmp.resolve("clips").resolve(i + ".wav"),
          AudioClip.mono(Arrays.copyOf(wave, lengths[i]), 16000),
          SampleFormat.PCM_S16);
    }
    Files.writeString(
        tmp.resolve("manifest.csv"), "path\nclips/0.wav\nclips/1.wav\nclips/missing.wav\n");
    Path out = tmp.resolve("out.parquet");
    SparkPredict cmd = command(out, "PREDICTION");
    SparkSession spark = spark();
    SparkPredict.Summary summary = cmd.run(spark);
    assertEquals(3, summary.rows());
    assertEquals(1, summary.failed());

    String[] expected = new String[lengths.length];
    try (WhisperSession session =
        WhisperSession.open(
            WHISPER, Map.of("peft", LORA), Device.cpu(), WhisperTranscriber.MAX_NEW_TOKENS)) {
      for (int i = 0; i < lengths.length; i++) {
        float[] clip =
            WhisperFeatures.pipeline(InputLimits.defaults())
                .load(tmp.resolve("clips").resolve(i + ".wav"));
        expected[i] = session.transcribe("peft", clip).text();
      }
    }
    List<Row> rows = spark.read().parquet(out.toString()).orderBy("path").collectAsList();
    for (Row r : rows) {
      int i = PredictedRows.index(r);
      if (i < 0) {
        continue;
      }
      Row prediction = r.getAs("prediction");
      String name = i + ".wav";
      System.out.printf("%s: %s%n", name, prediction.getAs("transcript"));
      assertFalse(expected[i].isEmpty(), "the LoRA's transcript of " + name + " is empty");
      assertEquals(expected[i], prediction.getAs("transcript"), name);
      assertEquals("peft", prediction.getAs("adapter"));
      assertEquals("SEQ2SEQ", prediction.getAs("task"));
    }
  }

  @Test
  void hiddenStatesOfWhisperAreRefused() throws Exception {
    Files.writeString(tmp.resolve("manifest.csv"), "path\nclips/0.wav\n");
    SparkPredict cmd = command(tmp.resolve("h.parquet"), "HIDDEN_STATES");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cmd.run(spark()));
    assertTrue(e.getMessage().contains("is a Whisper directory"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  private SparkPredict command(Path out, String kind) {
    SparkPredict cmd = new SparkPredict();
    new CommandLine(cmd)
        .parseArgs(
            "--model",
            WHISPER.toString(),
            "--adapter",
            "peft=" + LORA,
            "--input",
            tmp.resolve("manifest.csv").toString(),
            "--output",
            out.toString(),
            "--output-kind",
            kind,
            "--partitions",
            "2",
            "--batch-size",
            "2",
            "--device",
            "cpu");
    return cmd;
  }

  private static SparkSession spark() {
    return SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }
}
