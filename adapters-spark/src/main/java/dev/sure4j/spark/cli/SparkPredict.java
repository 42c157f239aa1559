package dev.sure4j.spark.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.sure4j.spark.InferenceSpec;
import dev.sure4j.spark.InferenceSpecBuilder;
import dev.sure4j.spark.OutputKind;
import dev.sure4j.spark.SpeechInference;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j spark-predict}: reads a CSV manifest (a header row; audio paths relative to the
 * manifest's directory or absolute Hadoop paths), runs the adapters over it on Spark and writes the
 * rows with their predictions as Parquet. Prints the row count, the failed rows and the throughput.
 * Under {@code spark-submit} leave out {@code --master}.
 */
@Command(
    name = "spark-predict",
    mixinStandardHelpOptions = true,
    description = "Predict with task adapters over a manifest on Spark; write Parquet.")
public final class SparkPredict implements Callable<Integer> {

  @Option(names = "--master", description = "Spark master, e.g. local[2] (default: spark-submit's)")
  String master;

  @Option(names = "--model", required = true, description = "Backbone directory (Hadoop path).")
  String model;

  @Option(
      names = "--adapter",
      required = true,
      description = "name=DIR, or DIR (named by its position: adapter1, ...); repeatable.")
  java.util.List<String> adapters;

  @Option(names = "--input", required = true, description = "CSV manifest with a header row.")
  String input;

  @Option(names = "--output", required = true, description = "Parquet output directory.")
  String output;

  @Option(names = "--audio-col", defaultValue = "path", description = "Audio path column.")
  String audioCol;

  @Option(names = "--adapter-col", description = "Column naming each row's adapter.")
  String adapterCol;

  @Option(
      names = "--output-kind",
      defaultValue = "PREDICTION",
      description = "PREDICTION, POOLED_HIDDEN_STATES or HIDDEN_STATES.")
  OutputKind kind;

  @Option(names = "--layer", defaultValue = "-1", description = "Hidden state 0..L (-1: last).")
  int layer;

  @Option(names = "--partitions", description = "Repartition the manifest into N partitions.")
  Integer partitions;

  @Option(names = "--batch-size", defaultValue = "8", description = "Rows per forward pass.")
  int batchSize;

  @Option(names = "--threads", defaultValue = "0", description = "libtorch threads (0: cores).")
  int threads;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu[:N]",
      description =
          "Where the executors run the model: cpu, gpu (the task's GPU, else the first) or gpu:N"
              + " (default: the first GPU when the engine sees one, else cpu).")
  String device;

  @Option(names = "--overwrite", description = "Replace an existing output.")
  boolean overwrite;

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkPredict()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    SparkSession.Builder b = SparkSession.builder().appName("sure4j spark-predict");
    if (master != null) {
      b.master(master);
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Summary s = run(spark);
      System.out.printf(
          "wrote %s: %d rows (%d failed) in %.1f s, %.2f rows/s%n",
          output, s.rows(), s.failed(), s.seconds(), s.rows() / s.seconds());
      return s.failed() == 0 ? 0 : 3;
    } finally {
      spark.stop();
    }
  }

  /**
   * What a run wrote.
   *
   * @param rows rows written
   * @param failed rows with a null prediction and an error
   * @param seconds wall time of the inference and the write
   */
  public record Summary(long rows, long failed, double seconds) {}

  /**
   * Runs the command on a session (the session stays open).
   *
   * @param spark the session
   * @return what was written
   * @throws IOException when the manifest's filesystem cannot be read
   */
  public Summary run(SparkSession spark) throws IOException {
    InferenceSpecBuilder spec =
        InferenceSpec.builder()
            .setModel(model)
            .optAudioCol(audioCol)
            .optOutput(kind)
            .optLayer(layer)
            .optBatchSize(batchSize)
            .optIntraOpThreads(threads);
    if (device != null) {
      spec.optDevice(device);
    }
    named().forEach(spec::addAdapter);
    if (adapterCol != null) {
      spec.optAdapterCol(adapterCol);
    }
    Dataset<Row> rows = spark.read().option("header", "true").csv(input);
    rows = rows.withColumn(audioCol, resolved(spark, rows.col(audioCol)));
    if (partitions != null) {
      rows = rows.repartition(partitions);
    }
    long start = System.nanoTime();
    Dataset<Row> out = SpeechInference.apply(rows, spec.build());
    out.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> written = spark.read().parquet(output);
    long failed = written.filter(col("error").isNotNull()).count();
    return new Summary(written.count(), failed, seconds);
  }

  private Map<String, String> named() {
    Map<String, String> named = new LinkedHashMap<>();
    for (String a : adapters) {
      int eq = a.indexOf('=');
      named.put(eq > 0 ? a.substring(0, eq) : "adapter" + (named.size() + 1), a.substring(eq + 1));
    }
    return named;
  }

  /** Audio paths relative to the manifest's directory become absolute; others stay. */
  private Column resolved(SparkSession spark, Column path) throws IOException {
    Path manifest = new Path(input);
    FileSystem fs = manifest.getFileSystem(spark.sparkContext().hadoopConfiguration());
    String dir = fs.makeQualified(manifest).getParent().toString();
    return when(path.rlike("^([a-zA-Z][a-zA-Z0-9+.-]*:|/)"), path)
        .otherwise(concat(lit(dir + "/"), path));
  }
}
