package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * {@link SpeechInference} as a Spark ML {@link Transformer}, for use in a {@code Pipeline}. Its
 * params are those of {@link InferenceSpec}; adapters are {@code name=path} strings.
 *
 * <pre>{@code
 * SpeechTransformer t = new SpeechTransformer()
 *     .setModel("models/mini-hubert")
 *     .setAdapters(new String[] {"kws=runs/kws/adapter"})
 *     .setAudioCol("path");
 * Dataset<Row> out = t.transform(clips);
 * }</pre>
 */
public final class SpeechTransformer extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> model;
  private final StringArrayParam adapters;
  private final Param<String> audioCol;
  private final Param<String> adapterCol;
  private final Param<String> output;
  private final IntParam layer;
  private final Param<String> outputCol;
  private final IntParam batchSize;

  /** Creates a transformer with a random uid. */
  public SpeechTransformer() {
    this(Identifiable$.MODULE$.randomUID("sure4jSpeech"));
  }

  /**
   * Creates a transformer.
   *
   * @param uid its uid
   */
  public SpeechTransformer(String uid) {
    this.uid = uid;
    model = new Param<>(this, "model", "Hadoop path of the backbone directory");
    adapters = new StringArrayParam(this, "adapters", "adapters as name=path");
    audioCol = new Param<>(this, "audioCol", "audio column: a path string or WAV bytes");
    adapterCol = new Param<>(this, "adapterCol", "column naming each row's adapter ('' = none)");
    output = new Param<>(this, "output", "PREDICTION, POOLED_HIDDEN_STATES or HIDDEN_STATES");
    layer = new IntParam(this, "layer", "hidden state 0..L, or -1 for the last");
    outputCol = new Param<>(this, "outputCol", "output column ('' = the output kind's default)");
    batchSize = new IntParam(this, "batchSize", "rows per forward pass");
    setDefault(adapters, new String[0]);
    setDefault(audioCol, "audio");
    setDefault(adapterCol, "");
    setDefault(output, OutputKind.PREDICTION.name());
    setDefault(layer, -1);
    setDefault(outputCol, "");
    setDefault(batchSize, 8);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * Returns the backbone param.
   *
   * @return the param
   */
  public Param<String> model() {
    return model;
  }

  /**
   * Returns the adapters param.
   *
   * @return the param
   */
  public StringArrayParam adapters() {
    return adapters;
  }

  /**
   * Returns the audio column param.
   *
   * @return the param
   */
  public Param<String> audioCol() {
    return audioCol;
  }

  /**
   * Returns the adapter column param.
   *
   * @return the param
   */
  public Param<String> adapterCol() {
    return adapterCol;
  }

  /**
   * Returns the output kind param.
   *
   * @return the param
   */
  public Param<String> output() {
    return output;
  }

  /**
   * Returns the layer param.
   *
   * @return the param
   */
  public IntParam layer() {
    return layer;
  }

  /**
   * Returns the output column param.
   *
   * @return the param
   */
  public Param<String> outputCol() {
    return outputCol;
  }

  /**
   * Returns the batch size param.
   *
   * @return the param
   */
  public IntParam batchSize() {
    return batchSize;
  }

  /**
   * Sets the backbone.
   *
   * @param value a Hadoop path to a checkpoint directory
   * @return this transformer
   */
  public SpeechTransformer setModel(String value) {
    set(model, value);
    return this;
  }

  /**
   * Sets the adapters.
   *
   * @param value {@code name=path} entries; the first is the default adapter
   * @return this transformer
   */
  public SpeechTransformer setAdapters(String[] value) {
    set(adapters, value.clone());
    return this;
  }

  /**
   * Sets the audio column.
   *
   * @param value a string (path) or binary (WAV bytes) column
   * @return this transformer
   */
  public SpeechTransformer setAudioCol(String value) {
    set(audioCol, value);
    return this;
  }

  /**
   * Sets the column naming each row's adapter.
   *
   * @param value a string column
   * @return this transformer
   */
  public SpeechTransformer setAdapterCol(String value) {
    set(adapterCol, value);
    return this;
  }

  /**
   * Sets what is appended.
   *
   * @param value the output kind
   * @return this transformer
   */
  public SpeechTransformer setOutput(OutputKind value) {
    set(output, value.name());
    return this;
  }

  /**
   * Sets the hidden state of the hidden-state outputs.
   *
   * @param value 0..L, or -1 for the last
   * @return this transformer
   */
  public SpeechTransformer setLayer(int value) {
    set(layer, value);
    return this;
  }

  /**
   * Sets the output column.
   *
   * @param value the column name
   * @return this transformer
   */
  public SpeechTransformer setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /**
   * Sets the rows per forward pass.
   *
   * @param value utterances, &gt;= 1
   * @return this transformer
   */
  public SpeechTransformer setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /**
   * Returns the spec these params describe.
   *
   * @return the spec
   * @throws IllegalArgumentException when the model is not set or an adapter is not {@code
   *     name=path}
   */
  public InferenceSpec spec() {
    checkArgument(isDefined(model), "%s: setModel is required", uid);
    InferenceSpecBuilder b =
        InferenceSpec.builder()
            .setModel(getOrDefault(model))
            .optAudioCol(getOrDefault(audioCol))
            .optOutput(OutputKind.valueOf(getOrDefault(output)))
            .optLayer((Integer) getOrDefault(layer))
            .optBatchSize((Integer) getOrDefault(batchSize));
    for (String a : getOrDefault(adapters)) {
      int eq = a.indexOf('=');
      checkArgument(eq > 0, "%s: adapter '%s' is not name=path", uid, a);
      b.addAdapter(a.substring(0, eq), a.substring(eq + 1));
    }
    if (!getOrDefault(adapterCol).isEmpty()) {
      b.optAdapterCol(getOrDefault(adapterCol));
    }
    if (!getOrDefault(outputCol).isEmpty()) {
      b.optOutputCol(getOrDefault(outputCol));
    }
    return b.build();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return SpeechInference.apply(dataset, spec());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return OutputRows.schema(schema, spec());
  }

  @Override
  public SpeechTransformer copy(ParamMap extra) {
    return (SpeechTransformer) defaultCopy(extra);
  }
}
