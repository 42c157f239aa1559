package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sure4j.speech.device.Devices;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds an {@link InferenceSpec}; obtained from {@link InferenceSpec#builder()}. */
public final class InferenceSpecBuilder {
  String model;
  final Map<String, String> adapters = new LinkedHashMap<>();
  String audioCol = "audio";
  String adapterCol;
  String defaultAdapter;
  OutputKind output = OutputKind.PREDICTION;
  int layer = -1;
  String outputCol;
  String errorCol = "error";
  int batchSize = 8;
  int intraOpThreads;
  String device;

  InferenceSpecBuilder() {}

  /**
   * Sets the backbone (required).
   *
   * @param model a Hadoop path to a checkpoint directory
   * @return this builder
   */
  public InferenceSpecBuilder setModel(String model) {
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
  public InferenceSpecBuilder addAdapter(String name, String dir) {
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
  public InferenceSpecBuilder optAudioCol(String audioCol) {
    this.audioCol = checkNotNull(audioCol, "audioCol");
    return this;
  }

  /**
   * Sets the string column naming each row's adapter (default: none).
   *
   * @param adapterCol the column
   * @return this builder
   */
  public InferenceSpecBuilder optAdapterCol(String adapterCol) {
    this.adapterCol = checkNotNull(adapterCol, "adapterCol");
    return this;
  }

  /**
   * Sets the adapter of rows without one (default: the first adapter added).
   *
   * @param name an added adapter
   * @return this builder
   */
  public InferenceSpecBuilder optDefaultAdapter(String name) {
    this.defaultAdapter = checkNotNull(name, "name");
    return this;
  }

  /**
   * Sets what is appended.
   *
   * @param output the output kind (default {@link OutputKind#PREDICTION})
   * @return this builder
   */
  public InferenceSpecBuilder optOutput(OutputKind output) {
    this.output = checkNotNull(output, "output");
    return this;
  }

  /**
   * Sets the hidden state of the hidden-state outputs.
   *
   * @param layer 0..L, or -1 for the last hidden state (default)
   * @return this builder
   */
  public InferenceSpecBuilder optLayer(int layer) {
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
  public InferenceSpecBuilder optOutputCol(String outputCol) {
    this.outputCol = checkNotNull(outputCol, "outputCol");
    return this;
  }

  /**
   * Sets the error column.
   *
   * @param errorCol the name (default {@code error})
   * @return this builder
   */
  public InferenceSpecBuilder optErrorCol(String errorCol) {
    this.errorCol = checkNotNull(errorCol, "errorCol");
    return this;
  }

  /**
   * Sets the rows per forward pass.
   *
   * @param batchSize utterances, &gt;= 1 (default 8)
   * @return this builder
   */
  public InferenceSpecBuilder optBatchSize(int batchSize) {
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
  public InferenceSpecBuilder optIntraOpThreads(int threads) {
    checkArgument(threads >= 0, "intraOpThreads must be >= 0: %s", threads);
    this.intraOpThreads = threads;
    return this;
  }

  /**
   * Sets where each executor runs the model. With {@code gpu}, a task that Spark assigned a GPU
   * (resource {@code gpu}, e.g. {@code spark.task.resource.gpu.amount}) uses that GPU's address,
   * any other the first GPU. An executor that does not see the device fails its tasks with one line
   * naming it.
   *
   * @param name {@code cpu}, {@code gpu} or {@code gpu:N} (default: the engine's default device)
   * @return this builder
   * @throws IllegalArgumentException for any other name
   */
  public InferenceSpecBuilder optDevice(String name) {
    Devices.parse(name); // checked here, on the driver, against the hardware on the executors
    this.device = name.trim().toLowerCase(Locale.ROOT);
    return this;
  }

  /**
   * Validates and builds.
   *
   * @return the spec
   * @throws IllegalArgumentException when the model is missing, a prediction has no adapter, or the
   *     default adapter was not added
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
