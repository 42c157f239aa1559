package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.AdaptableModel;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A FastSpeech 2 acoustic model in ming024's layout, built from sure4j's host blocks so that every
 * adapter method attaches to it as to a speech encoder: token embedding ({@code
 * encoder.src_word_emb}) plus sinusoidal positions, an FFT encoder ({@code encoder.layers.<i>}),
 * the speaker embedding ({@code speaker_emb}) added to its output, the {@code variance_adaptor},
 * the {@link LengthRegulator}, sinusoidal positions again, an FFT decoder ({@code
 * decoder.layers.<i>}), {@code mel_linear} and a residual {@code postnet}.
 *
 * <p>Injection points (found by walking the blocks): {@code encoder.layers.<i>.attention} and
 * {@code decoder.layers.<i>.attention} (prefix), their {@code q_proj}, {@code k_proj}, {@code
 * v_proj}, {@code out_proj} (LoRA; the reference's {@code w_qs}, {@code w_ks}, {@code w_vs}, {@code
 * fc}), and {@code post_attention} and {@code post_ffn} (bottleneck, ConvAdapter; {@code post_ffn}
 * is the reference's adapter place, after the FFN's residual layer norm). The predictors' and
 * {@code mel_linear}'s linears are points too, which the SURE targets do not select.
 *
 * <p>Typed use: {@link #forward(ParameterStore, FastSpeechInput, boolean)}. As a DJL block the
 * inputs and outputs are {@link FastSpeechInput#toList()} and {@link FastSpeechOutput#toList()}.
 */
public final class FastSpeechModel extends NamedBlock implements AdaptableModel {

  private static final byte VERSION = 1;

  private final FastSpeechConfig config;
  private final EmbeddingTable tokens;
  private final FftStack encoder;
  private final EmbeddingTable speakers;
  private final VarianceAdaptor varianceAdaptor;
  private final FftStack decoder;
  private final AdaptableLinear melLinear;
  private final PostNet postnet;

  /**
   * Creates an uninitialised model; see {@link #initialize(NDManager)}.
   *
   * @param config the geometry
   */
  public FastSpeechModel(FastSpeechConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.hidden();
    tokens = addNamed("encoder.src_word_emb", new EmbeddingTable(config.vocabSize(), d));
    encoder = addNamed("encoder.layers", new FftStack(config, config.encoderLayers()));
    speakers = addNamed("speaker_emb", new EmbeddingTable(config.speakers(), d));
    varianceAdaptor = addNamed("variance_adaptor", new VarianceAdaptor(config));
    decoder = addNamed("decoder.layers", new FftStack(config, config.decoderLayers()));
    melLinear = addNamed("mel_linear", new AdaptableLinear(d, config.melBins(), true));
    postnet = addNamed("postnet", new PostNet(config));
  }

  /**
   * Returns the geometry.
   *
   * @return the config
   */
  public FastSpeechConfig config() {
    return config;
  }

  /**
   * Initialises every parameter in float32.
   *
   * @param manager where the parameters live
   * @return this model
   */
  public FastSpeechModel initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
    return this;
  }

  /**
   * Runs the model.
   *
   * @param store the parameter store
   * @param in the batch
   * @param training whether dropout is active (and batch norm uses batch statistics)
   * @return the outputs
   */
  public FastSpeechOutput forward(ParameterStore store, FastSpeechInput in, boolean training) {
    NDManager m = in.tokens().getManager();
    NDArray srcMask = in.tokenMask().toType(DataType.FLOAT32, false);
    int t = (int) in.tokens().size(1);
    checkArgument(
        t <= config.maxPositions(), "%s tokens > max_seq_len %s", t, config.maxPositions());
    NDArray x = one(store, tokens, in.tokens(), training);
    x = x.add(SinusoidalPositions.table(m, t, config.hidden()));
    x = encoder.forward(store, new NDList(x, srcMask), training).singletonOrThrow();
    x = x.add(one(store, speakers, in.speakers(), training).expandDims(1));

    NDList va = new NDList(x, srcMask);
    in.targets().ifPresent(v -> va.addAll(new NDList(v.pitch(), v.energy())));
    NDList adapted = varianceAdaptor.forward(store, va, training);
    NDArray logDurations = adapted.get(1);
    int[][] frames =
        in.targets().isPresent()
            ? in.targets().get().durationFrames()
            : predictedFrames(logDurations, srcMask, in.durationScale());
    LengthRegulator.Expanded expanded = LengthRegulator.expand(adapted.get(0), frames);
    NDArray melMask = expanded.mask();
    int frameCount = (int) melMask.size(1);
    checkArgument(
        frameCount <= config.maxPositions(),
        "%s frames > max_seq_len %s",
        frameCount,
        config.maxPositions());
    NDArray y = expanded.frames().add(SinusoidalPositions.table(m, frameCount, config.hidden()));
    y = decoder.forward(store, new NDList(FrameMask.apply(y, melMask), melMask), training).head();
    NDArray mel = FrameMask.apply(one(store, melLinear, y, training), melMask);
    NDArray refined = postnet.forward(store, new NDList(mel, melMask), training).head();
    NDArray durations = m.create(frames).toType(DataType.FLOAT32, false);
    return new FastSpeechOutput(
        FrameMask.apply(refined.add(mel), melMask),
        mel,
        logDurations,
        adapted.get(2),
        adapted.get(3),
        durations,
        melMask);
  }

  /**
   * Rounds predicted log durations to frames as ming024 does, with the pace applied before
   * rounding: {@code round(max(0, exp(d) - 1) * scale)}, 0 on padded tokens (at scale 1 ming024's
   * {@code max(0, round(exp(d) - 1))}).
   */
  private static int[][] predictedFrames(NDArray logDurations, NDArray mask, double scale) {
    NDArray d = logDurations.exp().sub(1).maximum(0).mul(mask);
    return FastSpeechInput.rows(scale == 1.0 ? d.round() : d.mul(scale).round());
  }

  private static NDArray one(ParameterStore s, NamedBlock b, NDArray x, boolean training) {
    return b.forward(s, new NDList(x), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return forward(store, FastSpeechInput.of(inputs), training).toList();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tok = inputShapes[0];
    Shape mel = new Shape(tok.get(0), -1, config.melBins());
    Shape frames = new Shape(tok.get(0), -1);
    return new Shape[] {mel, mel, tok, tok, tok, tok, frames};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tok = inputShapes[0];
    Shape hidden = tok.add(config.hidden());
    tokens.initialize(manager, dataType, tok);
    encoder.initialize(manager, dataType, hidden, tok);
    speakers.initialize(manager, dataType, inputShapes[2]);
    varianceAdaptor.initialize(manager, dataType, hidden, tok);
    decoder.initialize(manager, dataType, hidden, tok);
    melLinear.initialize(manager, dataType, hidden);
    postnet.initialize(manager, dataType, tok.add(config.melBins()), tok);
  }
}
