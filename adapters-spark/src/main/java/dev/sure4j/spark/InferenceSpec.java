package dev.sure4j.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SpeechInference} run does: the backbone, the adapters, the columns it reads and
 * writes, and how it batches. Immutable; built with {@link #builder()}. Paths are Hadoop paths
 * ({@code file:/...}, {@code hdfs://...}, {@code s3a://...} or a plain local path).
 */
public final class InferenceSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final LinkedHashMap<String, String> adapters;
  private final String audioCol;
  private final String adapterCol;
  private final String defaultAdapter;
  private final OutputKind output;
  private final int layer;
  private final String outputCol;
  private final String errorCol;
  private final int batchSize;
  private final int intraOpThreads;
  private final String device;

  InferenceSpec(InferenceSpecBuilder b) {
    this.model = b.model;
    this.adapters = new LinkedHashMap<>(b.adapters);
    this.audioCol = b.audioCol;
    this.adapterCol = b.adapterCol;
    this.defaultAdapter =
        b.defaultAdapter != null || adapters.isEmpty()
            ? b.defaultAdapter
            : adapters.keySet().iterator().next();
    this.output = b.output;
    this.layer = b.layer;
    this.outputCol =
        b.outputCol != null
            ? b.outputCol
            : output == OutputKind.PREDICTION ? "prediction" : "hidden_states";
    this.errorCol = b.errorCol;
    this.batchSize = b.batchSize;
    this.intraOpThreads = b.intraOpThreads;
    this.device = b.device;
  }

  /**
   * Returns a new builder.
   *
   * @return a builder; {@link InferenceSpecBuilder#setModel} is required
   */
  public static InferenceSpecBuilder builder() {
    return new InferenceSpecBuilder();
  }

  /**
   * Returns the backbone directory.
   *
   * @return a Hadoop path to a Hugging Face HuBERT/wav2vec2 checkpoint directory
   */
  public String model() {
    return model;
  }

  /**
   * Returns the adapters.
   *
   * @return name to Hadoop path of an adapter directory written by a task run, in the given order
   */
  public Map<String, String> adapters() {
    return Collections.unmodifiableMap(adapters);
  }

  /**
   * Returns the audio column.
   *
   * @return a string column (a Hadoop path of an audio file) or a binary column (a WAV file's
   *     bytes)
   */
  public String audioCol() {
    return audioCol;
  }

  /**
   * Returns the column that names each row's adapter.
   *
   * @return the column, or empty when every row runs with {@link #defaultAdapter()}
   */
  public Optional<String> adapterCol() {
    return Optional.ofNullable(adapterCol);
  }

  /**
   * Returns the adapter of rows whose adapter column is null, or of every row without one.
   *
   * @return an adapter name, or empty (hidden states of the bare backbone)
   */
  public Optional<String> defaultAdapter() {
    return Optional.ofNullable(defaultAdapter);
  }

  /**
   * Returns what is appended.
   *
   * @return the output kind
   */
  public OutputKind output() {
    return output;
  }

  /**
   * Returns the hidden state written by the hidden-state outputs.
   *
   * @return 0 for the input of the first transformer layer, L for the last layer's output, -1 for
   *     the last hidden state
   */
  public int layer() {
    return layer;
  }

  /**
   * Returns the appended output column.
   *
   * @return the column name
   */
  public String outputCol() {
    return outputCol;
  }

  /**
   * Returns the appended error column: null for a row that succeeded, else one line naming the
   * row's audio and the cause.
   *
   * @return the column name
   */
  public String errorCol() {
    return errorCol;
  }

  /**
   * Returns how many rows of one adapter run through the model together.
   *
   * @return utterances per forward pass
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the libtorch intra-op threads of each executor JVM.
   *
   * @return threads, or 0 to use the executor's cores ({@code spark.executor.cores}, or N of {@code
   *     local[N]})
   */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /**
   * Returns where each executor runs the model.
   *
   * @return {@code cpu}, {@code gpu} (the GPU Spark assigned to the task, else the first), {@code
   *     gpu:N}, or null for the engine's default device
   */
  public String device() {
    return device;
  }
}
