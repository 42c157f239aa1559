package dev.sure4j.speech.tts.eval;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.synthesis.Mcd;

/**
 * Pools the per-utterance comparisons of predictions with recordings into {@link TtsTestMetrics}
 * (definitions there). Not thread-safe.
 */
public final class TtsMetricsAccumulator {

  private int utterances;
  private double mcdSum;
  private long insertions;
  private long deletions;
  private long mfccFrames;
  private double mcdMelDbSum;
  private double squaredCents;
  private long voicedFrames;
  private double durationErrorSum;
  private double lengthRatioSum;
  private boolean failed;

  /**
   * Returns the predicted frame that stands against a reference frame under a linear time
   * alignment.
   *
   * @param i reference frame, in {@code [0, referenceFrames)}
   * @param referenceFrames reference frames, &gt; 0
   * @param predictedFrames predicted frames, &gt; 0
   * @return {@code floor(i * predictedFrames / referenceFrames)}
   */
  public static int alignedFrame(int i, int referenceFrames, int predictedFrames) {
    checkArgument(
        i >= 0 && i < referenceFrames && predictedFrames > 0,
        "frame %s of %s reference frames against %s predicted frames",
        i,
        referenceFrames,
        predictedFrames);
    return (int) ((long) i * predictedFrames / referenceFrames);
  }

  /**
   * Adds one utterance.
   *
   * @param mcd its fairseq MCD and alignment, recording against the vocoded prediction
   * @param mcdMelDb its log-mel MCD, dB
   * @param referenceF0 F0 of the recording per frame, Hz {@code [N_ref]}
   * @param referenceVoiced whether each recording frame is voiced {@code [N_ref]}
   * @param predictedF0 F0 of the prediction per frame, Hz {@code [N_pred]}, all &gt; 0
   */
  public void add(
      Mcd.Result mcd,
      double mcdMelDb,
      float[] referenceF0,
      boolean[] referenceVoiced,
      float[] predictedF0) {
    int nRef = referenceF0.length;
    int nPred = predictedF0.length;
    checkArgument(
        nRef > 0 && nPred > 0 && referenceVoiced.length == nRef,
        "F0 of %s reference frames (%s voicing flags) and %s predicted frames",
        nRef,
        referenceVoiced.length,
        nPred);
    double squares = 0;
    int voiced = 0;
    for (int i = 0; i < nRef; i++) {
      if (referenceVoiced[i] && referenceF0[i] > 0) {
        float predicted = predictedF0[alignedFrame(i, nRef, nPred)];
        checkArgument(predicted > 0, "predicted F0 must be > 0 Hz: %s", predicted);
        double cents = 1200 * Math.log(predicted / referenceF0[i]) / Math.log(2);
        squares += cents * cents;
        voiced++;
      }
    }
    squaredCents += squares;
    voicedFrames += voiced;
    utterances++;
    mcdSum += mcd.distortion();
    insertions += mcd.insertions();
    deletions += mcd.deletions();
    mfccFrames += mcd.referenceFrames();
    mcdMelDbSum += mcdMelDb;
    durationErrorSum += Math.abs(nPred - nRef);
    lengthRatioSum += nPred / (double) nRef;
  }

  /** Records an utterance the model could not speak: the result is NaN throughout. */
  public void addFailure() {
    failed = true;
  }

  /**
   * Returns the pooled measures; NaN throughout without utterances or after a failure, and an F0
   * error of NaN without voiced reference frames.
   *
   * @return the measures
   */
  public TtsTestMetrics result() {
    if (failed || utterances == 0) {
      double nan = Double.NaN;
      return new TtsTestMetrics(utterances, nan, nan, nan, nan, nan, 0, nan, nan);
    }
    return new TtsTestMetrics(
        utterances,
        mcdSum / utterances,
        insertions / (double) mfccFrames,
        deletions / (double) mfccFrames,
        mcdMelDbSum / utterances,
        voicedFrames == 0 ? Double.NaN : Math.sqrt(squaredCents / voicedFrames),
        voicedFrames,
        durationErrorSum / utterances,
        lengthRatioSum / utterances);
  }
}
