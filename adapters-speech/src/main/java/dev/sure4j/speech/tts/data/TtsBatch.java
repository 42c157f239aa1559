package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.tts.LengthRegulator;
import java.util.List;

/**
 * A padded batch of utterances for TTS training, pitch and energy as z-scores per mel frame.
 *
 * @param tokens token ids {@code [batch, T]} (int32), padded with 0
 * @param tokenMask {@code [batch, T]}, 1 for real tokens
 * @param speakers speaker ids {@code [batch]} (int32)
 * @param mel log-mel targets {@code [batch, M, bins]}, padded frames 0
 * @param melMask {@code [batch, M]}, 1 for real frames
 * @param pitch pitch z-scores per frame {@code [batch, M]}, padded frames 0
 * @param energy energy z-scores per frame {@code [batch, M]}, padded frames 0
 * @param tokenLengths real tokens per utterance
 * @param frameLengths real frames per utterance
 */
public record TtsBatch(
    NDArray tokens,
    NDArray tokenMask,
    NDArray speakers,
    NDArray mel,
    NDArray melMask,
    NDArray pitch,
    NDArray energy,
    int[] tokenLengths,
    int[] frameLengths) {

  /**
   * Pads utterances into a batch.
   *
   * @param manager where the arrays are created
   * @param utterances the utterances, at least one, all with the same mel bins
   * @param stats the z-score statistics
   * @return the batch
   */
  public static TtsBatch of(
      NDManager manager, List<UtteranceFeatures> utterances, FeatureStats stats) {
    checkArgument(!utterances.isEmpty(), "a batch needs at least one utterance");
    int n = utterances.size();
    int bins = utterances.get(0).bins();
    int[] tLen = new int[n];
    int[] fLen = new int[n];
    for (int i = 0; i < n; i++) {
      UtteranceFeatures u = utterances.get(i);
      checkArgument(u.bins() == bins, "utterance %s has %s mel bins, not %s", i, u.bins(), bins);
      tLen[i] = u.tokens().length;
      fLen[i] = u.frames();
    }
    int maxT = max(tLen);
    int maxM = max(fLen);
    int[] tokens = new int[n * maxT];
    int[] speakers = new int[n];
    float[] mel = new float[n * maxM * bins];
    float[] pitch = new float[n * maxM];
    float[] energy = new float[n * maxM];
    for (int i = 0; i < n; i++) {
      UtteranceFeatures u = utterances.get(i);
      System.arraycopy(u.tokens(), 0, tokens, i * maxT, tLen[i]);
      System.arraycopy(u.mel(), 0, mel, i * maxM * bins, u.mel().length);
      speakers[i] = u.speaker();
      for (int t = 0; t < fLen[i]; t++) {
        pitch[i * maxM + t] = (float) ((u.logPitch()[t] - stats.pitchMean()) / stats.pitchStd());
        energy[i * maxM + t] = (float) ((u.energy()[t] - stats.energyMean()) / stats.energyStd());
      }
    }
    return new TtsBatch(
        manager.create(tokens, new Shape(n, maxT)),
        LengthRegulator.mask(manager, tLen, maxT),
        manager.create(speakers),
        manager.create(mel, new Shape(n, maxM, bins)),
        LengthRegulator.mask(manager, fLen, maxM),
        manager.create(pitch, new Shape(n, maxM)),
        manager.create(energy, new Shape(n, maxM)),
        tLen,
        fLen);
  }

  /**
   * Returns the inputs of the training block: {@code tokens, token mask, speakers, mel, mel mask,
   * pitch, energy}.
   *
   * @return 7 arrays
   */
  public NDList data() {
    return new NDList(tokens, tokenMask, speakers, mel, melMask, pitch, energy);
  }

  /**
   * Returns the labels of the training loss: the mel targets.
   *
   * @return 1 array {@code [batch, M, bins]}
   */
  public NDList labels() {
    return new NDList(mel);
  }

  private static int max(int[] v) {
    int m = 0;
    for (int x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
