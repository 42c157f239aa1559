package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.nn.FrozenStages;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.backbone.SpeechBackbone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A HuBERT or wav2vec2 encoder, block for block and name for name Hugging Face's {@code
 * HubertModel} / {@code Wav2Vec2Model}: {@code feature_extractor}, {@code feature_projection} and
 * {@code encoder} (positional convolution, layer norm, {@code encoder.layers.<i>}). {@code
 * StateDict.of(encoder, "")} lists exactly the Hugging Face parameter names (with the positional
 * convolution's weight norm folded into {@code encoder.pos_conv_embed.conv.weight}).
 *
 * <p>It is a {@link SpeechBackbone} and so an {@code AdaptableModel}: its injection points are the
 * transformer layers' points at {@code encoder.layers.<i>...}, so every adapter method of
 * adapters-core attaches with the SURE placements, and the convolutions {@code
 * feature_extractor.conv_layers.<i>.conv} and {@code encoder.pos_conv_embed.conv}, which LoRA
 * adapts when its targets name them.
 *
 * <p>Inputs: waveforms {@code [batch, samples]} float32 (16 kHz) and optionally either the number
 * of real samples per utterance {@code [batch]} int64 or a sample mask {@code [batch, samples]} (1
 * = real sample, Hugging Face's {@code attention_mask}, right padding only), the rest being zero
 * padding. Outputs (read them with {@link EncoderOutput#of}): {@code last_hidden_state [batch,
 * frames, D]}, the frame mask {@code [batch, frames]} (1 = real frame), then the {@code L + 1}
 * hidden states. With lengths, padded frames are zeroed before the positional convolution, masked
 * in attention and zero in every output, as Hugging Face does with an {@code attention_mask}; real
 * frames are the same as for the utterance alone.
 *
 * <p>One deliberate difference: for {@code feat_extract_norm = "group"} checkpoints, Hugging Face
 * and torchaudio compute the first convolution's group norm over the whole padded batch row, so a
 * padded utterance's outputs depend on its padding. This encoder takes those statistics over the
 * real samples only, so batched outputs equal the outputs of each utterance alone (which match
 * Hugging Face exactly). {@code featureExtractor().setGroupNormStatistics(PADDED_ROW)} restores the
 * reference behaviour for padded batches. Without lengths both agree for any input.
 *
 * <p>Training mode honours {@code hidden_dropout}, {@code attention_dropout}, {@code
 * activation_dropout}, {@code feat_proj_dropout} and {@code layerdrop}. {@link
 * #freezeFeatureEncoder(boolean)} freezes the convolutional feature encoder on its own. In
 * training, the stages below the lowest trainable parameter are cut from the autograd graph ({@link
 * dev.sure4j.adapters.nn.FrozenStages}), so no gradient reaches the waveforms through them: take
 * gradients with respect to the input in an inference pass.
 */
public final class SpeechEncoder extends NamedBlock implements SpeechBackbone {

  private static final byte VERSION = 1;
  private static final UnaryOperator<NDArray> IDENTITY = UnaryOperator.identity();

  private final EncoderConfig config;
  private final FeatureExtractor featureExtractor;
  private final FeatureProjection featureProjection;
  private final EncoderTransformer encoder;
  private boolean featureEncoderFrozen;

  /**
   * Creates an uninitialised encoder; initialise it (any input shape {@code [batch, samples]}) or
   * load it with {@code dev.sure4j.speech.loading.HfCheckpointLoader}.
   *
   * @param config the geometry
   */
  public SpeechEncoder(EncoderConfig config) {
    super(VERSION);
    checkArgument(config != null, "config must not be null");
    this.config = config;
    featureExtractor = addNamed("feature_extractor", new FeatureExtractor(config));
    featureProjection = addNamed("feature_projection", new FeatureProjection(config));
    encoder = addNamed("encoder", new EncoderTransformer(config));
  }

  /**
   * Returns the config.
   *
   * @return the geometry
   */
  public EncoderConfig config() {
    return config;
  }

  /** {@inheritDoc} HuBERT and wav2vec2 have no run-time settings. */
  @Override
  public BackboneSettings settings() {
    return BackboneSettings.of(BackboneKind.HUBERT);
  }

  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  @Override
  public int numHiddenLayers() {
    return config.numHiddenLayers();
  }

  /**
   * Returns the convolutional feature encoder.
   *
   * @return {@code feature_extractor}
   */
  public FeatureExtractor featureExtractor() {
    return featureExtractor;
  }

  /**
   * Returns the transformer part.
   *
   * @return {@code encoder}
   */
  public EncoderTransformer encoder() {
    return encoder;
  }

  /**
   * Freezes or unfreezes the convolutional feature encoder. While frozen, its parameters take no
   * gradient and its output is cut from the graph (as Hugging Face's {@code
   * freeze_feature_encoder()}), whatever other code does to the parameters' trainability.
   *
   * @param frozen true to freeze
   */
  public void freezeFeatureEncoder(boolean frozen) {
    featureEncoderFrozen = frozen;
    for (Parameter p : featureExtractor.getParameters().values()) {
      p.freeze(frozen);
    }
  }

  /**
   * Tells whether the feature encoder is frozen.
   *
   * @return true when frozen
   */
  public boolean isFeatureEncoderFrozen() {
    return featureEncoderFrozen;
  }

  /**
   * Returns the frames the encoder makes for each utterance.
   *
   * @param samples real samples per utterance
   * @return frames per utterance
   */
  @Override
  public long[] frameLengths(long[] samples) {
    return Arrays.stream(samples).map(config::frames).toArray();
  }

  /**
   * {@inheritDoc} The feature extractor's convolutions ({@code
   * feature_extractor.conv_layers.<i>.conv}) and the positional convolution ({@code
   * encoder.pos_conv_embed.conv}), which belong to no layer, then the transformer layers' points.
   */
  @Override
  public List<InjectionPoint> injectionPoints() {
    List<InjectionPoint> points = new ArrayList<>();
    List<ConvLayerBlock> convs = featureExtractor.convLayers();
    for (int i = 0; i < convs.size(); i++) {
      points.add(
          new InjectionPoint(
              "feature_extractor.conv_layers." + i + ".conv", -1, convs.get(i).conv()));
    }
    points.add(
        new InjectionPoint("encoder.pos_conv_embed.conv", -1, encoder.posConvEmbed().conv()));
    points.addAll(encoder.layers().injectionPoints());
    return points;
  }

  /**
   * Runs the encoder for inference.
   *
   * @param waves {@code [batch, samples]} float32 at 16 kHz; padding must be zero
   * @param lengths real samples per utterance, or null when every row is real audio
   * @return the outputs, attached to the manager of {@code waves}
   */
  public EncoderOutput encode(NDArray waves, long[] lengths) {
    NDList in = new NDList(waves);
    if (lengths != null) {
      in.add(waves.getManager().create(lengths));
    }
    ParameterStore store = new ParameterStore(waves.getManager(), false);
    return EncoderOutput.of(forward(store, in, false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return run(store, inputs, training, params, IDENTITY);
  }

  /**
   * Runs the encoder with a hook between the feature projection and the transformer, where HuBERT
   * and wav2vec2 pretraining replace masked frames by a learned vector (Hugging Face's {@code
   * _mask_hidden_states}). Inputs and outputs are those of {@link #forward}.
   *
   * @param store the parameter store of this pass
   * @param inputs waveforms {@code [batch, samples]} and optionally lengths {@code [batch]} int64
   *     or a sample mask {@code [batch, samples]}
   * @param training whether this is a training pass
   * @param frameHook receives the projected features {@code [batch, frames, hidden]} (padded frames
   *     not yet zeroed) and returns an array of the same shape that goes to the transformer
   * @return the outputs, as {@link #forward}
   */
  public NDList forwardWithFrameHook(
      ParameterStore store, NDList inputs, boolean training, UnaryOperator<NDArray> frameHook) {
    checkArgument(frameHook != null, "frameHook must not be null");
    return run(store, inputs, training, null, frameHook);
  }

  private NDList run(
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params,
      UnaryOperator<NDArray> frameHook) {
    int frozen = training ? frozenStages(frameHook) : 0;
    return EncoderPass.run(this, store, inputs, training, params, frameHook, frozen);
  }

  /**
   * Returns the projection from convolutional features to the hidden size.
   *
   * @return {@code feature_projection}
   */
  FeatureProjection featureProjection() {
    return featureProjection;
  }

  /**
   * Returns the stages of the encoder in forward order, for {@link FrozenStages}: {@code
   * feature_extractor}, {@code feature_projection}, then {@link EncoderTransformer#stages()}.
   *
   * @return the blocks
   */
  List<Block> stages() {
    List<Block> stages = new ArrayList<>(List.of(featureExtractor, featureProjection));
    stages.addAll(encoder.stages());
    return stages;
  }

  /**
   * Counts the stages at the bottom that have no trainable parameter. A frame hook may bring
   * trainable values of its own, so with one the count stops at the hook.
   */
  private int frozenStages(UnaryOperator<NDArray> frameHook) {
    List<Block> stages = stages();
    return FrozenStages.below(frameHook == IDENTITY ? stages : stages.subList(0, 2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long t = config.frames(in.get(1));
    Shape h = new Shape(in.get(0), t, config.hiddenSize());
    Shape[] out = new Shape[config.numHiddenLayers() + 3];
    Arrays.fill(out, h);
    out[1] = new Shape(in.get(0), t);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape wave = inputShapes[0];
    featureExtractor.initialize(manager, dataType, wave);
    long t = Math.max(1, config.frames(wave.get(1)));
    int c = config.convDim().get(config.convDim().size() - 1);
    featureProjection.initialize(manager, dataType, new Shape(wave.get(0), t, c));
    encoder.initialize(manager, dataType, new Shape(wave.get(0), t, config.hiddenSize()));
  }
}
