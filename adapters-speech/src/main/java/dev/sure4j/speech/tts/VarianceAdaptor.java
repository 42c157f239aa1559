package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * ming024's {@code VarianceAdaptor} at phoneme level, before length regulation: predicts log
 * durations, then pitch, adds the embedding of the quantised pitch (the target's in training, the
 * prediction's otherwise), then predicts energy from the result and adds its embedding likewise.
 * Quantisation is {@code torch.bucketize} over {@link ValueRange#boundaries}.
 *
 * <p>Inputs: {@code x [batch, T, D]}, mask {@code [batch, T]} (1 = real), and optionally pitch and
 * energy targets {@code [batch, T]}. Outputs: {@code x + pitch_embedding + energy_embedding [batch,
 * T, D]}, log-duration, pitch and energy predictions {@code [batch, T]} (0 on padding).
 */
final class VarianceAdaptor extends NamedBlock {

  private static final byte VERSION = 1;

  private final VariancePredictor duration;
  private final VariancePredictor pitch;
  private final VariancePredictor energy;
  private final EmbeddingTable pitchEmbedding;
  private final EmbeddingTable energyEmbedding;
  private final float[] pitchBounds;
  private final float[] energyBounds;

  /**
   * Creates the adaptor.
   *
   * @param config the model geometry
   */
  VarianceAdaptor(FastSpeechConfig config) {
    super(VERSION);
    duration = addNamed("duration_predictor", new VariancePredictor(config));
    pitch = addNamed("pitch_predictor", new VariancePredictor(config));
    energy = addNamed("energy_predictor", new VariancePredictor(config));
    pitchEmbedding =
        addNamed("pitch_embedding", new EmbeddingTable(config.pitchBins(), config.hidden()));
    energyEmbedding =
        addNamed("energy_embedding", new EmbeddingTable(config.energyBins(), config.hidden()));
    pitchBounds = config.pitchRange().boundaries(config.pitchBins());
    energyBounds = config.energyRange().boundaries(config.energyBins());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    boolean targets = inputs.size() > 3;
    NDArray logDuration = predict(store, duration, x, mask, training);
    NDArray p = predict(store, pitch, x, mask, training);
    x = x.add(embed(store, pitchEmbedding, pitchBounds, targets ? inputs.get(2) : p, training));
    NDArray e = predict(store, energy, x, mask, training);
    x = x.add(embed(store, energyEmbedding, energyBounds, targets ? inputs.get(3) : e, training));
    return new NDList(x, logDuration, p, e);
  }

  private static NDArray predict(
      ParameterStore store, VariancePredictor p, NDArray x, NDArray mask, boolean training) {
    return p.forward(store, new NDList(x, mask), training).singletonOrThrow();
  }

  private static NDArray embed(
      ParameterStore store,
      EmbeddingTable table,
      float[] bounds,
      NDArray values,
      boolean training) {
    NDArray b = values.getManager().create(bounds);
    NDArray bucket = values.stopGradient().expandDims(-1).gt(b).toType(DataType.INT64, false);
    return table.forward(store, new NDList(bucket.sum(new int[] {-1})), training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tokens = inputShapes[0].slice(0, 2);
    return new Shape[] {inputShapes[0], tokens, tokens, tokens};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape mask = x.slice(0, 2);
    for (VariancePredictor p : new VariancePredictor[] {duration, pitch, energy}) {
      p.initialize(manager, dataType, x, mask);
    }
    pitchEmbedding.initialize(manager, dataType, mask);
    energyEmbedding.initialize(manager, dataType, mask);
  }
}
