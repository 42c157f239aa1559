package dev.sure4j.speech.tts.align;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.speech.ctc.CtcLoss;
import dev.sure4j.speech.tts.EmbeddingTable;

/**
 * The alignment encoder of RAD-TTS and "One TTS Alignment To Rule Them All" (NeMo's {@code
 * AlignmentEncoder}): a soft alignment of mel frames to text tokens from the squared distance of
 * their projections.
 *
 * <pre>
 * keys    = Conv1d(D -> 2D, k 3) -> ReLU -> Conv1d(2D -> A, k 1)          over embedded tokens
 * queries = Conv1d(n -> 2n, k 3) -> ReLU -> Conv1d(2n -> n, k 1) -> ReLU -> Conv1d(n -> A, k 1)
 * scores[b, j, i] = -temperature * |queries[b, j] - keys[b, i]|^2
 * logProb = log_softmax over real tokens (scores) + log prior
 * </pre>
 *
 * <p>It has its own token table ({@code text_emb}), so it trains with the acoustic model but never
 * shares parameters with it. Inputs: tokens {@code [batch, T]} (int), token mask {@code [batch,
 * T]}, log-mel {@code [batch, M, n]} and the log prior {@code [batch, M, T]} ({@link
 * BetaBinomialPrior}, 0 where there is none). Output: log-probabilities {@code [batch, M, T]},
 * {@link CtcLoss#LOG_ZERO} on padded tokens.
 */
public final class AlignmentEncoder extends NamedBlock {

  /** RAD-TTS's temperature of the squared distance. */
  public static final float TEMPERATURE = 0.0005f;

  private static final byte VERSION = 1;

  private final int hidden;
  private final EmbeddingTable text;
  private final AdaptableConv1d key1;
  private final AdaptableConv1d key2;
  private final AdaptableConv1d query1;
  private final AdaptableConv1d query2;
  private final AdaptableConv1d query3;

  /**
   * Creates an encoder.
   *
   * @param vocabSize the token table size
   * @param hidden the token embedding width {@code D}
   * @param melBins the mel bins {@code n}
   * @param attention the width {@code A} of keys and queries (RAD-TTS: 80)
   */
  public AlignmentEncoder(int vocabSize, int hidden, int melBins, int attention) {
    super(VERSION);
    checkArgument(
        vocabSize > 1 && hidden > 0 && melBins > 0 && attention > 0,
        "bad alignment encoder: vocab %s, hidden %s, mel %s, attention %s",
        vocabSize,
        hidden,
        melBins,
        attention);
    this.hidden = hidden;
    text = addNamed("text_emb", new EmbeddingTable(vocabSize, hidden));
    key1 = addNamed("key_proj.0", conv(hidden, 2 * hidden, 3));
    key2 = addNamed("key_proj.2", conv(2 * hidden, attention, 1));
    query1 = addNamed("query_proj.0", conv(melBins, 2 * melBins, 3));
    query2 = addNamed("query_proj.2", conv(2 * melBins, melBins, 1));
    query3 = addNamed("query_proj.4", conv(melBins, attention, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokenMask = inputs.get(1);
    NDArray x = text.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray keys = conv(store, key1, x.transpose(0, 2, 1), training);
    keys = conv(store, key2, Activation.relu(keys), training); // [B, A, T]
    NDArray q = conv(store, query1, inputs.get(2).transpose(0, 2, 1), training);
    q = conv(store, query2, Activation.relu(q), training);
    q = conv(store, query3, Activation.relu(q), training).transpose(0, 2, 1); // [B, M, A]
    NDArray cross = q.matMul(keys); // [B, M, T]
    NDArray qq = q.square().sum(new int[] {2}, true);
    NDArray kk = keys.square().sum(new int[] {1}, true);
    NDArray distance = qq.add(kk).sub(Ops.times(cross, 2f));
    NDArray scores = Ops.times(distance, -TEMPERATURE);
    NDManager m = scores.getManager();
    NDArray valid = tokenMask.expandDims(1).broadcast(scores.getShape()).gt(0.5f);
    NDArray masked = NDArrays.where(valid, scores, m.full(scores.getShape(), CtcLoss.LOG_ZERO));
    NDArray logProb = masked.logSoftmax(2).add(inputs.get(3));
    return new NDList(NDArrays.where(valid, logProb, m.full(scores.getShape(), CtcLoss.LOG_ZERO)));
  }

  /** A fixed convolution, {@code in -> out}, padded to keep the length (kernel 1 or 3). */
  private static AdaptableConv1d conv(int in, int out, int kernel) {
    return AdaptableConv1d.builder()
        .setChannels(in, out)
        .setKernel(kernel)
        .optPadding(kernel / 2)
        .optInjectionPoint(false)
        .build();
  }

  private static NDArray conv(ParameterStore s, AdaptableConv1d c, NDArray x, boolean training) {
    return c.forward(s, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tok = inputShapes[0];
    return new Shape[] {new Shape(tok.get(0), inputShapes[2].get(1), tok.get(1))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tok = inputShapes[0];
    Shape mel = inputShapes[2];
    text.initialize(manager, dataType, tok);
    Shape textChannels = new Shape(tok.get(0), hidden, tok.get(1));
    key1.initialize(manager, dataType, textChannels);
    key2.initialize(manager, dataType, key1.getOutputShapes(new Shape[] {textChannels})[0]);
    Shape melChannels = new Shape(mel.get(0), mel.get(2), mel.get(1));
    query1.initialize(manager, dataType, melChannels);
    Shape q1 = query1.getOutputShapes(new Shape[] {melChannels})[0];
    query2.initialize(manager, dataType, q1);
    query3.initialize(manager, dataType, query2.getOutputShapes(new Shape[] {q1})[0]);
  }
}
