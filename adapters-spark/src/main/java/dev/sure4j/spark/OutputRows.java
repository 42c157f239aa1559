package dev.sure4j.spark;

import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.TranscriptPrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark types of the appended columns and the conversion of sure4j's typed {@link Prediction}s
 * into rows of them.
 *
 * <p>A prediction is {@code struct<adapter, task, text, label, scores, intent, transcript>}: {@code
 * adapter} and {@code task} (CLASSIFICATION, INTENT or CTC) always, {@code text} as {@code
 * SpeechSession.predict} prints it, {@code label} and {@code scores} ({@code map<string,double>},
 * softmax probabilities) for a classification, {@code intent} ({@code struct<action, object,
 * location>}, each {@code struct<label, scores>}) for an intent, {@code transcript} for CTC; the
 * fields another task type has are null.
 */
public final class OutputRows {

  private static final DataType SCORES =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);

  private static final StructType CLASS =
      new StructType().add("label", DataTypes.StringType, false).add("scores", SCORES, false);

  /** The type of a prediction cell. */
  public static final StructType PREDICTION =
      new StructType()
          .add("adapter", DataTypes.StringType, false)
          .add("task", DataTypes.StringType, false)
          .add("text", DataTypes.StringType, false)
          .add("label", DataTypes.StringType, true)
          .add("scores", SCORES, true)
          .add(
              "intent",
              new StructType()
                  .add("action", CLASS, false)
                  .add("object", CLASS, false)
                  .add("location", CLASS, false),
              true)
          .add("transcript", DataTypes.StringType, true);

  /** The type of a pooled hidden-state cell: {@code [hidden]}. */
  public static final ArrayType POOLED = DataTypes.createArrayType(DataTypes.FloatType, false);

  /** The type of a hidden-state cell: {@code [frames, hidden]}. */
  public static final ArrayType FRAMES = DataTypes.createArrayType(POOLED, false);

  private OutputRows() {}

  /**
   * Returns the schema of the output: the input's columns, then the output and error columns.
   *
   * @param input the input schema
   * @param spec the run
   * @return the output schema
   * @throws IllegalArgumentException when an appended column's name is taken
   */
  public static StructType schema(StructType input, InferenceSpec spec) {
    for (String c : List.of(spec.outputCol(), spec.errorCol())) {
      if (Arrays.asList(input.fieldNames()).contains(c)) {
        throw new IllegalArgumentException(
            "the input already has a column '" + c + "': " + input.simpleString());
      }
    }
    DataType out =
        switch (spec.output()) {
          case PREDICTION -> PREDICTION;
          case POOLED_HIDDEN_STATES -> POOLED;
          case HIDDEN_STATES -> FRAMES;
        };
    return input.add(spec.outputCol(), out, true).add(spec.errorCol(), DataTypes.StringType, true);
  }

  /**
   * Converts a prediction.
   *
   * @param adapter the adapter's name
   * @param p the prediction
   * @return a row of {@link #PREDICTION}
   */
  public static Row prediction(String adapter, Prediction p) {
    String task = p.type().name();
    return switch (p.type()) {
      case CLASSIFICATION -> {
        ClassPrediction c = (ClassPrediction) p;
        yield RowFactory.create(adapter, task, p.text(), c.label(), scores(c), null, null);
      }
      case INTENT -> {
        IntentPrediction i = (IntentPrediction) p;
        Row slots = RowFactory.create(slot(i.action()), slot(i.object()), slot(i.location()));
        yield RowFactory.create(adapter, task, p.text(), null, null, slots, null);
      }
      case CTC -> {
        TranscriptPrediction t = (TranscriptPrediction) p;
        yield RowFactory.create(adapter, task, p.text(), null, null, null, t.transcript());
      }
    };
  }

  /**
   * Converts a Whisper transcript to a prediction cell: task {@code SEQ2SEQ}, the text in {@code
   * text} and {@code transcript}.
   *
   * @param adapter the adapter's name
   * @param text the transcript
   * @return a cell of the prediction struct
   */
  public static Row transcript(String adapter, String text) {
    return RowFactory.create(adapter, "SEQ2SEQ", text, null, null, null, text);
  }

  /**
   * Converts pooled features.
   *
   * @param features {@code [hidden]}
   * @return a cell of {@link #POOLED}
   */
  public static Object pooled(float[] features) {
    List<Float> out = new ArrayList<>(features.length);
    for (float f : features) {
      out.add(f);
    }
    return CollectionConverters.asScala(out).toSeq();
  }

  /**
   * Converts per-frame features.
   *
   * @param frames {@code [frames][hidden]}
   * @return a cell of {@link #FRAMES}
   */
  public static Object frames(float[][] frames) {
    List<Object> out = new ArrayList<>(frames.length);
    for (float[] f : frames) {
      out.add(pooled(f));
    }
    return CollectionConverters.asScala(out).toSeq();
  }

  private static Row slot(ClassPrediction c) {
    return RowFactory.create(c.label(), scores(c));
  }

  private static Object scores(ClassPrediction c) {
    Map<String, Double> m = c.scores();
    return CollectionConverters.asScala(m);
  }
}
