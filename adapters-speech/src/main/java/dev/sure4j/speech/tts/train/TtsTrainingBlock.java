package dev.sure4j.speech.tts.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.FastSpeechInput;
import dev.sure4j.speech.tts.FastSpeechModel;
import dev.sure4j.speech.tts.FastSpeechOutput;
import dev.sure4j.speech.tts.VarianceTargets;
import dev.sure4j.speech.tts.align.AlignmentEncoder;
import dev.sure4j.speech.tts.align.MonotonicAlignment;
import java.util.Optional;

/**
 * What {@link dev.sure4j.adapters.train.TrainingEngine} trains for TTS: the acoustic model ({@code
 * model}) and its alignment encoder ({@code aligner}) in one block.
 *
 * <p>A forward pass computes the soft alignment of the frames to the tokens ({@link
 * AlignmentEncoder} with the {@link AlignmentPriors beta-binomial prior}), takes the durations from
 * monotonic alignment search over it ({@link MonotonicAlignment}, no gradient), averages the frame
 * pitch and energy over each token's frames (FastSpeech 2's phoneme-level targets), and runs the
 * model with those targets.
 *
 * <p>Inputs: {@link dev.sure4j.speech.tts.data.TtsBatch#data()}. Outputs ({@link TtsPass}): the
 * seven arrays of {@link FastSpeechOutput}, then the durations, token pitch and token energy the
 * pass used {@code [batch, T]}, the token mask {@code [batch, T]}, the alignment log-probabilities
 * {@code [batch, M, T]}, and the token and frame lengths {@code [batch]} (int32).
 */
public final class TtsTrainingBlock extends NamedBlock {

  /** The name of the alignment encoder in the block's parameter names ({@code aligner.<...>}). */
  public static final String ALIGNER = "aligner";

  private static final byte VERSION = 1;

  private final FastSpeechModel model;
  private final AlignmentEncoder aligner;

  /**
   * Combines a model and its alignment encoder.
   *
   * @param model the acoustic model
   * @param aligner its alignment encoder
   */
  public TtsTrainingBlock(FastSpeechModel model, AlignmentEncoder aligner) {
    super(VERSION);
    this.model = addNamed("model", model);
    this.aligner = addNamed(ALIGNER, aligner);
  }

  /**
   * Returns the acoustic model.
   *
   * @return the model
   */
  public FastSpeechModel model() {
    return model;
  }

  /**
   * Returns the alignment encoder.
   *
   * @return the aligner
   */
  public AlignmentEncoder aligner() {
    return aligner;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.get(0);
    NDArray tokenMask = inputs.get(1);
    NDArray mel = inputs.get(3);
    NDManager m = tokens.getManager();
    int[] tLen = lengths(tokenMask);
    int[] fLen = lengths(inputs.get(4));
    int maxT = (int) tokens.size(1);
    int maxM = (int) mel.size(1);
    NDArray prior = AlignmentPriors.batch(m, tLen, fLen, maxT, maxM);
    NDArray logProb =
        aligner
            .forward(store, new NDList(tokens, tokenMask, mel, prior), training)
            .singletonOrThrow();
    int[][] durations = MonotonicAlignment.search(byToken(logProb), tLen, fLen);
    float[][] pitch = tokenAverages(inputs.get(5), durations);
    float[][] energy = tokenAverages(inputs.get(6), durations);
    VarianceTargets targets =
        new VarianceTargets(m.create(durations), m.create(pitch), m.create(energy));
    FastSpeechInput in =
        new FastSpeechInput(tokens, tokenMask, inputs.get(2), Optional.of(targets));
    FastSpeechOutput out = model.forward(store, in, training);
    return new TtsPass(out, targets, tokenMask, logProb, m.create(tLen), m.create(fLen)).toList();
  }

  /** Real elements per row of a {@code [batch, n]} 0/1 mask. */
  private static int[] lengths(NDArray mask) {
    float[] v = mask.toType(DataType.FLOAT32, false).toFloatArray();
    int rows = (int) mask.size(0);
    int cols = (int) mask.size(1);
    int[] out = new int[rows];
    for (int i = 0; i < v.length; i++) {
      out[i / cols] += v[i] > 0.5f ? 1 : 0;
    }
    return out;
  }

  /** {@code [batch, M, T]} to Java {@code [batch][T][M]}, the layout of the alignment search. */
  private static float[][][] byToken(NDArray logProb) {
    int b = (int) logProb.size(0);
    int frames = (int) logProb.size(1);
    int tokens = (int) logProb.size(2);
    float[] v = logProb.toFloatArray();
    float[][][] out = new float[b][tokens][frames];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < frames; j++) {
        for (int k = 0; k < tokens; k++) {
          out[i][k][j] = v[(i * frames + j) * tokens + k];
        }
      }
    }
    return out;
  }

  /**
   * Averages frame values over each token's frames.
   *
   * @param frames {@code [batch, M]}
   * @param durations {@code [batch][T]}, each row summing to at most {@code M}
   * @return {@code [batch][T]}, 0 for tokens without frames
   */
  static float[][] tokenAverages(NDArray frames, int[][] durations) {
    int m = (int) frames.size(1);
    float[] v = frames.toType(DataType.FLOAT32, false).toFloatArray();
    float[][] out = new float[durations.length][];
    for (int b = 0; b < durations.length; b++) {
      out[b] = new float[durations[b].length];
      int start = 0;
      for (int t = 0; t < durations[b].length; t++) {
        double sum = 0;
        for (int j = start; j < start + durations[b][t]; j++) {
          sum += v[b * m + j];
        }
        out[b][t] = durations[b][t] == 0 ? 0f : (float) (sum / durations[b][t]);
        start += durations[b][t];
      }
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tok = inputShapes[0];
    Shape mel = inputShapes[3];
    Shape frames = new Shape(tok.get(0), mel.get(1));
    Shape batch = new Shape(tok.get(0));
    return new Shape[] {
      mel,
      mel,
      tok,
      tok,
      tok,
      tok,
      frames,
      tok,
      tok,
      tok,
      tok,
      new Shape(tok.get(0), mel.get(1), tok.get(1)),
      batch,
      batch
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    model.initialize(manager);
    Shape tok = inputShapes[0];
    Shape mel = inputShapes[3];
    aligner.initialize(
        manager, dataType, tok, tok, mel, new Shape(tok.get(0), mel.get(1), tok.get(1)));
  }

  /**
   * Creates and initialises a model with its alignment encoder.
   *
   * @param manager where the parameters live
   * @param config the model geometry
   * @param alignerWidth the alignment encoder's key and query width
   * @return the initialised block
   */
  public static TtsTrainingBlock create(
      NDManager manager, FastSpeechConfig config, int alignerWidth) {
    TtsTrainingBlock b =
        new TtsTrainingBlock(
            new FastSpeechModel(config),
            new AlignmentEncoder(
                config.vocabSize(), config.hidden(), config.melBins(), alignerWidth));
    Shape tok = new Shape(1, 1);
    Shape mel = new Shape(1, 1, config.melBins());
    b.initialize(manager, DataType.FLOAT32, tok, tok, new Shape(1), mel, tok, tok, tok);
    return b;
  }
}
