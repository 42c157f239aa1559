package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;
import dev.sure4j.speech.encoder.SpeechEncoder;

/**
 * HuBERT's masked-prediction model around a {@link SpeechEncoder}: feature extractor, feature
 * projection, masked frames replaced by the learned {@code masked_spec_embed [hidden]},
 * transformer, then {@code final_proj} to {@code projDim} and the cosine similarity with the unit
 * embeddings {@code label_embs_concat [units, projDim]}, divided by the temperature 0.1 (fairseq's
 * {@code logit_temp}).
 *
 * <p>Children: {@code hubert} (the encoder, whose parameters keep their Hugging Face names), {@code
 * final_proj}; own parameters {@code masked_spec_embed} and {@code label_embs_concat}.
 *
 * <p>Inputs: waveforms {@code [batch, samples]} float32, lengths {@code [batch]} int64 (real
 * samples), and the frame mask {@code [batch, frames]} float32 (1 = masked; {@code frames =
 * config.frames(samples)}). Outputs: unit logits {@code [batch, frames, units]}, the valid-frame
 * mask {@code [batch, frames]} (1 = real frame) and the last hidden state {@code [batch, frames,
 * hidden]}.
 */
public final class MaskedPredictionModel extends NamedBlock {

  private static final byte VERSION = 1;

  /** fairseq's {@code logit_temp}: cosine similarities are divided by it. */
  public static final float LOGIT_TEMPERATURE = 0.1f;

  private static final float COSINE_EPS = 1e-8f;

  private final SpeechEncoder encoder;
  private final AdaptableLinear finalProj;
  private final Parameter maskedSpecEmbed;
  private final Parameter labelEmbeddings;
  private final int units;

  /**
   * Creates the model around an (uninitialised or loaded) encoder.
   *
   * @param encoder the backbone
   * @param units clusters {@code K}
   * @param projDim width of {@code final_proj} and the unit embeddings
   */
  public MaskedPredictionModel(SpeechEncoder encoder, int units, int projDim) {
    super(VERSION);
    checkArgument(encoder != null, "encoder must not be null");
    checkArgument(units > 1, "units must be > 1: %s", units);
    checkArgument(projDim > 0, "projection width must be > 0: %s", projDim);
    int hidden = encoder.config().hiddenSize();
    this.encoder = addNamed("hubert", encoder);
    this.finalProj = addNamed("final_proj", new AdaptableLinear(hidden, projDim, true));
    this.maskedSpecEmbed =
        addParameter(
            Parameters.of(
                "masked_spec_embed",
                Parameter.Type.WEIGHT,
                new Shape(hidden),
                new UniformInitializer(0.5f)));
    this.labelEmbeddings =
        addParameter(
            Parameters.of(
                "label_embs_concat",
                Parameter.Type.WEIGHT,
                new Shape(units, projDim),
                new NormalInitializer(1f)));
    this.units = units;
  }

  /**
   * Returns the backbone.
   *
   * @return the encoder
   */
  public SpeechEncoder encoder() {
    return encoder;
  }

  /**
   * Returns the mask vector.
   *
   * @return {@code masked_spec_embed [hidden]}
   */
  public Parameter maskedSpecEmbed() {
    return maskedSpecEmbed;
  }

  /**
   * Returns the unit embeddings.
   *
   * @return {@code label_embs_concat [units, projDim]}
   */
  public Parameter labelEmbeddings() {
    return labelEmbeddings;
  }

  /**
   * Returns the projection to the unit-embedding space.
   *
   * @return {@code final_proj}
   */
  public AdaptableLinear finalProj() {
    return finalProj;
  }

  /**
   * Returns the number of units.
   *
   * @return {@code K}
   */
  public int units() {
    return units;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    checkArgument(
        inputs.size() == 3,
        "inputs must be waveforms [batch, samples], lengths [batch] and the frame mask"
            + " [batch, frames]; got %s arrays",
        inputs.size());
    NDArray waves = inputs.get(0);
    NDArray masked = inputs.get(2).toType(DataType.FLOAT32, false);
    NDManager manager = waves.getManager();
    NDArray embed = Ops.lift(Ops.value(store, maskedSpecEmbed, waves, training), manager);
    NDList out =
        encoder.forwardWithFrameHook(
            store,
            new NDList(waves, inputs.get(1)),
            training,
            x -> {
              checkArgument(
                  masked.getShape().equals(new Shape(x.getShape().get(0), x.getShape().get(1))),
                  "frame mask %s does not match the encoder's frames %s",
                  masked.getShape(),
                  x.getShape());
              NDArray m = masked.expandDims(2);
              return x.mul(m.neg().add(1f)).add(m.mul(embed));
            });
    NDArray hidden = out.get(0);
    NDArray proj = finalProj.forward(store, new NDList(hidden), training).singletonOrThrow();
    NDArray emb = Ops.lift(Ops.value(store, labelEmbeddings, waves, training), manager);
    NDArray logits =
        Ops.over(unitNormalize(proj).matMul(unitNormalize(emb).transpose()), LOGIT_TEMPERATURE);
    return new NDList(logits, out.get(1), hidden);
  }

  private static NDArray unitNormalize(NDArray x) {
    NDArray norm = Ops.atLeast(x.square().sum(new int[] {-1}, true).sqrt(), COSINE_EPS);
    return x.div(norm);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long t = encoder.config().frames(in.get(1));
    return new Shape[] {
      new Shape(in.get(0), t, units),
      new Shape(in.get(0), t),
      new Shape(in.get(0), t, encoder.config().hiddenSize())
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape wave = inputShapes[0];
    if (!encoder.isInitialized()) {
      encoder.initialize(manager, dataType, wave);
    }
    long t = Math.max(1, encoder.config().frames(wave.get(1)));
    finalProj.initialize(
        manager, dataType, new Shape(wave.get(0), t, encoder.config().hiddenSize()));
  }
}
