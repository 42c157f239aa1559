package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.whisper.WhisperConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Runs sure4j adapters over a Spark {@code Dataset} with {@code mapPartitions}: each row's audio (a
 * path or WAV bytes) goes through the backbone and the row's adapter, and the output (a prediction
 * or hidden states, see {@link OutputKind}) and an error column are appended.
 *
 * <pre>{@code
 * InferenceSpec spec = InferenceSpec.builder()
 *     .setModel("hdfs:///models/hubert-base")
 *     .addAdapter("kws", "hdfs:///adapters/kws-lora")
 *     .optAudioCol("path")
 *     .build();
 * Dataset<Row> out = SpeechInference.apply(spark.read().parquet("calls.parquet"), spec);
 * out.write().parquet("predictions.parquet");
 * }</pre>
 *
 * <p>A Whisper directory as the model transcribes: each row's adapter (a LoRA or any adapter
 * trained with {@code train --task asr}, no {@code task.json}) is made active and the row's audio
 * is transcribed with greedy decoding in 30 s windows; the prediction's {@code transcript} holds
 * the text (task {@code SEQ2SEQ}). Hidden-state outputs are refused for Whisper.
 *
 * <p>At the driver, the call checks the model directory, the columns and the adapter directories
 * and fails with one line naming what is wrong; the adapters are read once and broadcast as bytes.
 * On the executors a row that fails gets a null output and its error, never a failed task.
 */
public final class SpeechInference {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private SpeechInference() {}

  /**
   * Plans the inference (lazily, as any Spark transformation).
   *
   * @param data rows with the spec's audio column and, if set, its adapter column
   * @param spec the run
   * @return the rows with the output column and the error column appended
   * @throws IllegalArgumentException for a bad model, adapter directory, column or layer
   * @throws UncheckedIOException when the driver cannot read the model or an adapter
   */
  public static Dataset<Row> apply(Dataset<?> data, InferenceSpec spec) {
    SparkContext sc = data.sparkSession().sparkContext();
    Configuration hadoop = sc.hadoopConfiguration();
    StructType in = data.schema();
    try {
      String configText = ModelCheck.configText(spec.model(), hadoop);
      boolean whisper = WhisperConfig.describesJson(configText);
      if (whisper) {
        checkArgument(
            spec.output() == OutputKind.PREDICTION,
            "model %s is a Whisper directory, which transcribes: output %s is for HuBERT and"
                + " wav2vec2 directories",
            spec.model(),
            spec.output());
      } else {
        EncoderConfig config = ModelCheck.encoderConfig(spec.model(), configText);
        checkArgument(
            spec.layer() <= config.numHiddenLayers(),
            "layer %s: model %s has %s layers (hidden states 0..%s)",
            spec.layer(),
            spec.model(),
            config.numHiddenLayers(),
            config.numHiddenLayers());
      }
      int audio = column(in, spec.audioCol(), DataTypes.StringType, DataTypes.BinaryType);
      int adapter =
          spec.adapterCol().isPresent()
              ? column(in, spec.adapterCol().get(), DataTypes.StringType)
              : -1;
      StructType out = OutputRows.schema(in, spec);
      Map<String, AdapterBundle> bundles = new LinkedHashMap<>();
      for (Map.Entry<String, String> a : spec.adapters().entrySet()) {
        bundles.put(
            a.getKey(),
            AdapterBundle.read(
                a.getKey(),
                a.getValue(),
                hadoop,
                whisper ? AdapterBundle.TRANSCRIPTION_REQUIRED : AdapterBundle.REQUIRED));
      }
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
      Broadcast<Map<String, AdapterBundle>> adapters = jsc.broadcast(bundles);
      Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(sc, hadoop);
      int threads = spec.intraOpThreads() > 0 ? spec.intraOpThreads() : executorCores(sc);
      PartitionInference fn =
          new PartitionInference(spec, adapters, conf, audio, adapter, threads, whisper);
      return data.toDF().mapPartitions(fn, Encoders.row(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the cores of one executor: N of {@code local[N]} ({@code local[*]}: this machine's
   * processors), else {@code spark.executor.cores} (default 1).
   *
   * @param sc the context
   * @return cores, &gt;= 1
   */
  static int executorCores(SparkContext sc) {
    Matcher m = LOCAL.matcher(sc.master());
    if (m.matches()) {
      String n = m.group(1);
      return n == null
          ? 1
          : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }
    return Math.max(1, sc.getConf().getInt("spark.executor.cores", 1));
  }

  private static int column(StructType schema, String name, DataType... types) {
    checkArgument(
        Arrays.asList(schema.fieldNames()).contains(name),
        "no column '%s' in %s",
        name,
        schema.simpleString());
    int index = schema.fieldIndex(name);
    DataType t = schema.fields()[index].dataType();
    checkArgument(
        Arrays.asList(types).contains(t),
        "column '%s' is %s, expected %s",
        name,
        t.simpleString(),
        Arrays.stream(types).map(DataType::simpleString).toList());
    return index;
  }
}
