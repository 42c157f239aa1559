package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sure4j.speech.device.Devices;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
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

  private InferenceSpec(Builder b) {
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
   * @return a builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
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

  /** Builds an {@link InferenceSpec}. */
  public static final class Builder {
    private String model;
    private final Map<String, String> adapters = new LinkedHashMap<>();
    private String audioCol = "audio";
    private String adapterCol;
    private String defaultAdapter;
    private OutputKind output = OutputKind.PREDICTION;
    private int layer = -1;
    private String outputCol;
    private String errorCol = "error";
    private int batchSize = 8;
    private int intraOpThreads;
    private String device;

    private Builder() {}

    /**
     * Sets the backbone (required).
     *
     * @param model a Hadoop path to a checkpoint directory
     * @return this builder
     */
    public Builder setModel(String model) {
      this.model = checkNotNull(model, "model");
      return this;
    }

    /**
     * Adds an adapter.
     *
     * @param name the name rows use in the adapter column
     * @param dir a Hadoop path to an adapter directory
     * @return this builder
     */
    public Builder addAdapter(String name, String dir) {
      checkArgument(!adapters.containsKey(name), "adapter name '%s' is taken", name);
      checkArgument(!name.isBlank(), "an adapter name must not be blank: '%s'", name);
      adapters.put(name, checkNotNull(dir, "dir"));
      return this;
    }

    /**
     * Sets the audio column.
     *
     * @param audioCol a string (path) or binary (WAV bytes) column (default {@code audio})
     * @return this builder
     */
    public Builder optAudioCol(String audioCol) {
      this.audioCol = checkNotNull(audioCol, "audioCol");
      return this;
    }

    /**
     * Sets the string column naming each row's adapter (default: none).
     *
     * @param adapterCol the column
     * @return this builder
     */
    public Builder optAdapterCol(String adapterCol) {
      this.adapterCol = checkNotNull(adapterCol, "adapterCol");
      return this;
    }

    /**
     * Sets the adapter of rows without one (default: the first adapter added).
     *
     * @param name an added adapter
     * @return this builder
     */
    public Builder optDefaultAdapter(String name) {
      this.defaultAdapter = checkNotNull(name, "name");
      return this;
    }

    /**
     * Sets what is appended.
     *
     * @param output the output kind (default {@link OutputKind#PREDICTION})
     * @return this builder
     */
    public Builder optOutput(OutputKind output) {
      this.output = checkNotNull(output, "output");
      return this;
    }

    /**
     * Sets the hidden state of the hidden-state outputs.
     *
     * @param layer 0..L, or -1 for the last hidden state (default)
     * @return this builder
     */
    public Builder optLayer(int layer) {
      checkArgument(layer >= -1, "layer must be >= -1: %s", layer);
      this.layer = layer;
      return this;
    }

    /**
     * Sets the output column.
     *
     * @param outputCol the name (default {@code prediction}, or {@code hidden_states})
     * @return this builder
     */
    public Builder optOutputCol(String outputCol) {
      this.outputCol = checkNotNull(outputCol, "outputCol");
      return this;
    }

    /**
     * Sets the error column.
     *
     * @param errorCol the name (default {@code error})
     * @return this builder
     */
    public Builder optErrorCol(String errorCol) {
      this.errorCol = checkNotNull(errorCol, "errorCol");
      return this;
    }

    /**
     * Sets the rows per forward pass.
     *
     * @param batchSize utterances, &gt;= 1 (default 8)
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      checkArgument(batchSize >= 1, "batchSize must be >= 1: %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the libtorch intra-op threads per executor JVM.
     *
     * @param threads &gt;= 0; 0 uses the executor's cores (default)
     * @return this builder
     */
    public Builder optIntraOpThreads(int threads) {
      checkArgument(threads >= 0, "intraOpThreads must be >= 0: %s", threads);
      this.intraOpThreads = threads;
      return this;
    }

    /**
     * Sets where each executor runs the model. With {@code gpu}, a task that Spark assigned a GPU
     * (resource {@code gpu}, e.g. {@code spark.task.resource.gpu.amount}) uses that GPU's address,
     * any other the first GPU. An executor that does not see the device fails its tasks with one
     * line naming it.
     *
     * @param name {@code cpu}, {@code gpu} or {@code gpu:N} (default: the engine's default device)
     * @return this builder
     * @throws IllegalArgumentException for any other name
     */
    public Builder optDevice(String name) {
      Devices.parse(name); // checked here, on the driver, against the hardware on the executors
      this.device = name.trim().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the spec
     * @throws IllegalArgumentException when the model is missing, a prediction has no adapter, or
     *     the default adapter was not added
     */
    public InferenceSpec build() {
      checkArgument(model != null, "setModel is required");
      checkArgument(
          defaultAdapter == null || adapters.containsKey(defaultAdapter),
          "default adapter '%s' is not among %s",
          defaultAdapter,
          adapters.keySet());
      checkArgument(
          output != OutputKind.PREDICTION || !adapters.isEmpty(),
          "a prediction needs at least one adapter (addAdapter)");
      checkArgument(
          !audioCol.equals(outputCol) && !audioCol.equals(errorCol),
          "the output and error columns must differ from the audio column '%s'",
          audioCol);
      return new InferenceSpec(this);
    }
  }
}
