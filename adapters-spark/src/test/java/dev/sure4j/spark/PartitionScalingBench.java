package dev.sure4j.spark;

import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The partition-scaling benchmark of docs/spark.md (a main, not a test): predicts {@code clips}
 * test clips of the mini corpus with one adapter on {@code local[2]}, first once to warm up (the
 * executor loads the backbone), then {@code repeats} times each with 1 and with 2 partitions, and
 * prints rows per second, audio seconds per second and the JVM's peak resident memory; before that,
 * the same clips through a {@link SpeechSession} in batches of 8 (the offline baseline).
 *
 * <p>Usage: {@code PartitionScalingBench MODEL ADAPTER_DIR [clips] [repeats]}.
 */
public final class PartitionScalingBench {

  private PartitionScalingBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args model, adapter directory, clips (default 64), repeats (default 3)
   * @throws Exception when the run fails
   */
  public static void main(String[] args) throws Exception {
    String model = args[0];
    String adapter = args[1];
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    SparkSession spark =
        SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<Path> all = Fixtures.clips(Math.max(1, n / 4) + 1);
    List<Row> rows = new ArrayList<>();
    List<Path> clips = new ArrayList<>();
    AudioPipeline audio = AudioPipeline.builder().optCheckpoint(Path.of(model)).build();
    double audioSeconds = 0;
    for (int i = 0; i < n; i++) {
      Path c = all.get(i % all.size());
      rows.add(RowFactory.create(c.toString()));
      clips.add(c);
      audioSeconds += audio.load(c).length / (double) audio.config().samplingRate();
    }
    StructType schema = new StructType().add("path", DataTypes.StringType);
    InferenceSpec spec =
        InferenceSpec.builder()
            .setModel(model)
            .addAdapter("adapter", adapter)
            .optAudioCol("path")
            .build();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    System.out.printf(
        "%d clips, %.1f s of audio, %d intra-op threads%n",
        n, audioSeconds, SpeechInference.executorCores(spark.sparkContext()));
    try (SpeechSession session = SpeechSession.open(Path.of(model))) {
      session.load("adapter", Path.of(adapter));
      offline(session, clips);
      run(spark, jsc, rows, schema, spec, 2);
      // interleaved, so that the machine's changing load falls on all three alike
      for (int r = 0; r < repeats; r++) {
        report("offline SpeechSession, batches of 8", r, offline(session, clips), n, audioSeconds);
        for (int partitions : new int[] {1, 2}) {
          double s = run(spark, jsc, rows, schema, spec, partitions);
          report("spark local[2], partitions " + partitions, r, s, n, audioSeconds);
        }
      }
    }
    spark.stop();
  }

  /** The same clips through one {@link SpeechSession} in this JVM, 8 per batch: the baseline. */
  private static double offline(SpeechSession session, List<Path> clips) throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < clips.size(); i += 8) {
      session.predict("adapter", clips.subList(i, Math.min(clips.size(), i + 8)));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void report(String what, int r, double s, int n, double audioSeconds)
      throws IOException {
    System.out.printf(
        "%s run %d: %.2f s, %.2f rows/s, %.2f audio s/s, peak RSS %s%n",
        what, r, s, n / s, audioSeconds / s, peakRss());
  }

  private static double run(
      SparkSession spark,
      JavaSparkContext jsc,
      List<Row> rows,
      StructType schema,
      InferenceSpec spec,
      int partitions) {
    Dataset<Row> in = spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    long start = System.nanoTime();
    long failed = SpeechInference.apply(in, spec).filter("error is not null").count();
    double s = (System.nanoTime() - start) / 1e9;
    if (failed > 0) {
      throw new IllegalStateException(failed + " rows failed");
    }
    return s;
  }

  private static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "n/a";
  }
}
