package dev.sure4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.TrainedAdapters;
import dev.sure4j.speech.tasks.SpeechSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Predictions on {@code local[2]} equal the offline predictions of a {@link SpeechSession}, one
 * clip at a time, row for row: the same label, intent or transcript, every class probability within
 * {@value #TOLERANCE} (rows are batched four at a time on Spark, so padding may change the last
 * float bits); rows that cannot be read fail alone; a bad model fails at the driver.
 */
class SpeechInferenceTest {

  /** Largest allowed difference of a class probability (the serving tests' batching tolerance). */
  static final double TOLERANCE = 1e-6;

  private static final List<String> ADAPTERS = List.of("kws", "intent", "asr");
  private static final StructType INPUT =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("path", DataTypes.StringType, true)
          .add("task", DataTypes.StringType, true);

  private static SparkSession spark;
  private static Map<String, Path> dirs;
  private static List<Path> clips;

  @BeforeAll
  static void start() throws Exception {
    dirs = TrainedAdapters.dirs();
    clips = Fixtures.clips(2);
    spark = Fixtures.spark();
  }

  private static Dataset<Row> frame(List<Row> rows) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, 2), INPUT);
  }

  private static String[] adapterArgs() {
    return ADAPTERS.stream().map(a -> a + "=" + dirs.get(a)).toArray(String[]::new);
  }

  @Test
  void pipelinePredictionsEqualTheSessionsOfflinePredictionsRowForRow() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (Path clip : clips) {
      for (String a : ADAPTERS) {
        rows.add(RowFactory.create(rows.size(), clip.toString(), a));
      }
    }
    SpeechTransformer t =
        new SpeechTransformer()
            .setModel(Fixtures.MODEL.toString())
            .setAdapters(adapterArgs())
            .setAudioCol("path")
            .setAdapterCol("task")
            .setBatchSize(4);
    Dataset<Row> in = frame(rows);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {t});
    List<Row> out = pipeline.fit(in).transform(in).orderBy("id").collectAsList();

    assertEquals(rows.size(), out.size());
    try (SpeechSession session = SpeechSession.open(Fixtures.MODEL)) {
      for (String a : ADAPTERS) {
        session.load(a, dirs.get(a));
      }
      for (Row r : out) {
        String where = r.getString(2) + " on " + r.getString(1);
        assertNull(r.get(4), where);
        Prediction expected = Fixtures.offline(session, r.getString(2), Path.of(r.getString(1)));
        assertPrediction(expected, r.getStruct(3), where);
      }
    }
  }

  private static void assertPrediction(Prediction expected, Row got, String where) {
    assertNotNull(got, where);
    assertEquals(expected.type().name(), got.getString(1), where);
    assertEquals(expected.text(), got.getString(2), where);
    switch (expected.type()) {
      case CLASSIFICATION ->
          assertClass((ClassPrediction) expected, got.getString(3), scores(got, 4), where);
      case INTENT -> {
        IntentPrediction i = (IntentPrediction) expected;
        Row slots = got.getStruct(5);
        List<ClassPrediction> want = List.of(i.action(), i.object(), i.location());
        for (int s = 0; s < 3; s++) {
          Row slot = slots.getStruct(s);
          assertClass(want.get(s), slot.getString(0), scores(slot, 1), where + " slot " + s);
        }
      }
      case CTC -> assertEquals(expected.text(), got.getString(6), where);
    }
  }

  private static Map<String, Double> scores(Row row, int index) {
    return CollectionConverters.asJava(row.<String, Double>getMap(index));
  }

  private static void assertClass(
      ClassPrediction expected, String label, Map<String, Double> scores, String where) {
    assertEquals(expected.label(), label, where);
    assertEquals(expected.scores().keySet(), scores.keySet(), where);
    for (Map.Entry<String, Double> e : expected.scores().entrySet()) {
      assertEquals(e.getValue(), scores.get(e.getKey()), TOLERANCE, where + " " + e.getKey());
    }
  }

  @Test
  void unreadableRowsGetANullPredictionAndAnErrorWhileTheOthersSucceed() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(0, clips.get(0).toString(), "kws"),
            RowFactory.create(1, "/no/such/clip.wav", "kws"),
            RowFactory.create(2, clips.get(1).toString(), "nope"),
            RowFactory.create(3, null, "kws"),
            RowFactory.create(4, clips.get(2).toString(), null));
    InferenceSpec spec =
        InferenceSpec.builder()
            .setModel(Fixtures.MODEL.toString())
            .addAdapter("kws", dirs.get("kws").toString())
            .addAdapter("asr", dirs.get("asr").toString())
            .optDefaultAdapter("asr")
            .optAudioCol("path")
            .optAdapterCol("task")
            .build();
    List<Row> out = SpeechInference.apply(frame(rows), spec).orderBy("id").collectAsList();

    assertEquals(5, out.size());
    assertNull(out.get(0).get(4));
    assertEquals("kws", out.get(0).getStruct(3).getString(0));
    assertNull(out.get(1).get(3));
    assertTrue(out.get(1).getString(4).startsWith("/no/such/clip.wav: "), out.get(1).getString(4));
    assertNull(out.get(2).get(3));
    assertEquals("unknown adapter 'nope'; known: [kws, asr]", out.get(2).getString(4));
    assertNull(out.get(3).get(3));
    assertTrue(out.get(3).getString(4).contains("null"), out.get(3).getString(4));
    assertEquals("asr", out.get(4).getStruct(3).getString(0), "the default adapter");
    assertEquals("CTC", out.get(4).getStruct(3).getString(1));
  }

  @Test
  void aBadModelOrAdapterPathFailsAtTheDriverNamingIt() throws Exception {
    Dataset<Row> in = frame(List.of(RowFactory.create(0, clips.get(0).toString(), "kws")));
    InferenceSpec noModel =
        InferenceSpec.builder()
            .setModel("/no/such/model")
            .addAdapter("kws", dirs.get("kws").toString())
            .optAudioCol("path")
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpeechInference.apply(in, noModel));
    assertTrue(
        e.getMessage().startsWith("model /no/such/model is not a directory"), e.getMessage());

    InferenceSpec noAdapter =
        InferenceSpec.builder()
            .setModel(Fixtures.MODEL.toString())
            .addAdapter("kws", Fixtures.MODEL.toString())
            .optAudioCol("path")
            .build();
    e = assertThrows(IllegalArgumentException.class, () -> SpeechInference.apply(in, noAdapter));
    assertTrue(
        e.getMessage().startsWith("adapter 'kws' at " + Fixtures.MODEL + ": missing ["),
        e.getMessage());
  }
}
