package dev.sure4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sure4j.speech.serving.TrainedAdapters;
import dev.sure4j.speech.tasks.SpeechSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spark-predict} on {@code local[2]}: a CSV manifest with paths relative to its directory
 * in, a Parquet file out whose predictions equal {@link SpeechSession#predict} offline, row for
 * row, and whose missing clip is a null prediction with an error.
 */
class SparkPredictTest {

  @TempDir Path tmp;

  @Test
  void writesParquetWhosePredictionsEqualTheOfflineOnes() throws Exception {
    Map<String, Path> dirs = TrainedAdapters.dirs();
    Path model = TrainedAdapters.MODEL.toAbsolutePath().normalize();
    List<Path> clips = TrainedAdapters.clips(2);
    Files.createDirectories(tmp.resolve("clips"));
    StringBuilder csv = new StringBuilder("path,label\n");
    for (int i = 0; i < clips.size(); i++) {
      Files.copy(clips.get(i), tmp.resolve("clips").resolve(i + ".wav"));
      csv.append("clips/").append(i).append(".wav,x\n");
    }
    csv.append("clips/missing.wav,x\n");
    Files.writeString(tmp.resolve("manifest.csv"), csv.toString());
    Path out = tmp.resolve("out.parquet");

    SparkPredict cmd = new SparkPredict();
    new CommandLine(cmd)
        .parseArgs(
            "--model",
            model.toString(),
            "--adapter",
            "kws=" + dirs.get("kws"),
            "--input",
            tmp.resolve("manifest.csv").toString(),
            "--output",
            out.toString(),
            "--partitions",
            "2",
            "--batch-size",
            "3",
            "--device",
            "cpu");
    SparkSession spark =
        SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    SparkPredict.Summary summary = cmd.run(spark);

    assertEquals(clips.size() + 1, summary.rows());
    assertEquals(1, summary.failed());
    List<Row> rows = spark.read().parquet(out.toString()).orderBy("path").collectAsList();
    List<String> expected = new ArrayList<>();
    try (SpeechSession session = SpeechSession.open(model)) {
      session.load("kws", dirs.get("kws"));
      for (Path c : clips) {
        expected.add(session.predict("kws", c));
      }
    }
    for (Row r : rows) {
      int i = PredictedRows.index(r);
      if (i < 0) {
        continue;
      }
      assertEquals(expected.get(i), ((Row) r.getAs("prediction")).getAs("text"), "clip " + i);
    }
  }
}
