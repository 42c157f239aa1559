package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Whisper's audio encoder under the SURE heads: waveforms to Whisper's log-mel ({@link
 * WhisperFeatures}) to {@link WhisperEncoder}, returning every layer's hidden state as a {@link
 * SpeechBackbone}. Its one child is {@code model.encoder}, so parameters and injection points carry
 * the Hugging Face names of {@code WhisperForConditionalGeneration} ({@code
 * model.encoder.layers.0.self_attn.q_proj}); a checkpoint's decoder is not loaded.
 *
 * <p>Inputs: waveforms {@code [batch, samples]} float32 at 16 kHz, zero-padded on the right, and
 * optionally the real samples per utterance {@code [batch]} int64 (each more than 200; audio after
 * the model's window of {@code 2 * max_source_positions} log-mel frames, 30 s for every released
 * model, is dropped, as {@link WhisperFeatures#of(WhisperConfig)} does for training and
 * transcription). Outputs: the last hidden state {@code [batch, T, D]}, the frame mask {@code
 * [batch, T]} (1 for the first {@code ceil(samples / 320)} positions of each utterance: mel hop
 * 160, then the stride-2 convolution), then the {@code L + 1} hidden states of {@link
 * WhisperEncoder#hiddenStates}. {@code T} is {@code max_source_positions} (1500) with {@link
 * WhisperWindow#PAD} and {@code ceil(longest / 320)}, at most that, with {@link
 * WhisperWindow#SLICE}. Whisper's encoder has no attention mask: every position, padding included,
 * takes part in attention, as in Whisper. So with {@code SLICE} an utterance's states depend on the
 * longest utterance of its batch, and with {@code PAD} they do not.
 */
public final class WhisperBackbone extends NamedBlock implements SpeechBackbone {

  private static final byte VERSION = 1;

  /** Samples per encoder position: mel hop 160 times the second convolution's stride 2. */
  public static final int SAMPLES_PER_FRAME = 320;

  /** The name of the window setting in {@link BackboneSettings}. */
  public static final String WINDOW = "window";

  private final WhisperConfig config;
  private final WhisperEncoder encoder;
  private final WhisperFeatures features;
  private WhisperWindow window;

  /**
   * Creates an uninitialised backbone; initialise it (input {@code [batch, samples]}) or use {@link
   * #load}.
   *
   * @param config the geometry
   * @param window how utterances meet the model's window
   */
  public WhisperBackbone(WhisperConfig config, WhisperWindow window) {
    super(VERSION);
    checkArgument(config != null && window != null, "config and window must not be null");
    this.config = config;
    this.window = window;
    this.encoder = addNamed("model.encoder", new WhisperEncoder(config));
    this.features = WhisperFeatures.of(config);
  }

  /**
   * Loads the encoder of a Hugging Face Whisper directory ({@code config.json} and its weights; the
   * decoder's tensors are skipped).
   *
   * @param dir the checkpoint directory
   * @param window how utterances meet the model's window
   * @param manager the manager that owns the parameters
   * @return the backbone, in float32
   * @throws IllegalArgumentException naming the file and the key or tensor that does not fit
   */
  public static WhisperBackbone load(Path dir, WhisperWindow window, NDManager manager) {
    WhisperBackbone b =
        new WhisperBackbone(WhisperConfig.fromFile(dir.resolve("config.json")), window);
    b.initialize(manager, DataType.FLOAT32, new Shape(1, WhisperFeatures.SAMPLE_RATE));
    HfCheckpointLoader.loadWeights(
        b, dir, "Whisper encoder", name -> name.startsWith("model.decoder."));
    return b;
  }

  /**
   * Returns the geometry.
   *
   * @return the config
   */
  public WhisperConfig config() {
    return config;
  }

  /**
   * Returns the encoder.
   *
   * @return {@code model.encoder}
   */
  public WhisperEncoder encoder() {
    return encoder;
  }

  /**
   * Returns the window in force.
   *
   * @return pad or slice
   */
  public WhisperWindow window() {
    return window;
  }

  /** {@inheritDoc} Kind {@code whisper} and the {@code window}. */
  @Override
  public BackboneSettings settings() {
    return new BackboneSettings(BackboneKind.WHISPER, Map.of(WINDOW, window.id()));
  }

  /** {@inheritDoc} Sets the {@code window} ({@code pad} or {@code slice}) when given. */
  @Override
  public void apply(BackboneSettings settings) {
    checkArgument(
        settings.kind() == BackboneKind.WHISPER,
        "the adapter was trained on a %s backbone, this one is whisper",
        settings.kind().id());
    for (Map.Entry<String, String> e : settings.values().entrySet()) {
      checkArgument(
          WINDOW.equals(e.getKey()), "a whisper backbone has no setting '%s'", e.getKey());
    }
    String id = settings.values().get(WINDOW);
    if (id != null) {
      window =
          WhisperWindow.find(id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown Whisper window '" + id + "'; known: pad, slice"));
    }
  }

  @Override
  public int hiddenSize() {
    return config.dModel();
  }

  @Override
  public int numHiddenLayers() {
    return config.encoderLayers();
  }

  @Override
  public long[] frameLengths(long[] samples) {
    return Arrays.stream(samples).map(this::frames).toArray();
  }

  private long frames(long samples) {
    long n = Math.min(samples, features.windowSamples());
    return Math.min(config.maxSourcePositions(), (n + SAMPLES_PER_FRAME - 1) / SAMPLES_PER_FRAME);
  }

  private long positions(long[] frames) {
    if (window == WhisperWindow.PAD) {
      return config.melFrames() / 2;
    }
    return Math.max(1, Arrays.stream(frames).max().orElse(1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray waves = inputs.get(0);
    Shape s = waves.getShape();
    checkArgument(s.dimension() == 2, "waveforms must be [batch, samples], got %s", s);
    int batch = (int) s.get(0);
    int samples = (int) s.get(1);
    long[] lengths = new long[batch];
    Arrays.fill(lengths, samples);
    if (inputs.size() > 1) {
      NDArray l = inputs.get(1);
      checkArgument(
          l.getShape().equals(new Shape(batch)),
          "lengths must be [batch=%s] int64, got %s",
          batch,
          l.getShape());
      lengths = l.toType(DataType.INT64, false).toLongArray();
    }
    float[] flat = waves.toType(DataType.FLOAT32, false).toFloatArray();
    float[][] rows = new float[batch][];
    for (int b = 0; b < batch; b++) {
      long n = lengths[b];
      checkArgument(
          n > WhisperFeatures.MIN_SAMPLES - 1 && n <= samples,
          "utterance %s has %s samples; Whisper needs more than %s and at most the %s padded",
          b,
          n,
          WhisperFeatures.MIN_SAMPLES - 1,
          samples);
      rows[b] = Arrays.copyOfRange(flat, b * samples, (int) (b * samples + n));
    }
    long[] frames = frameLengths(lengths);
    long time = positions(frames);
    NDManager m = waves.getManager();
    NDArray mel = features.features(m, rows, (int) (2 * time));
    NDList states = encoder.hiddenStates(store, mel, training);
    float[] mask = new float[(int) (batch * time)];
    for (int b = 0; b < batch; b++) {
      Arrays.fill(mask, (int) (b * time), (int) (b * time + frames[b]), 1f);
    }
    return OutputNames.encoderOutputs(m.create(mask, new Shape(batch, time)), states);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long t = positions(new long[] {frames(in.get(1))});
    Shape h = new Shape(in.get(0), t, config.dModel());
    Shape[] out = new Shape[config.encoderLayers() + 3];
    Arrays.fill(out, h);
    out[1] = new Shape(in.get(0), t);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(
        manager,
        dataType,
        new Shape(inputShapes[0].get(0), config.numMelBins(), config.melFrames()));
  }
}
