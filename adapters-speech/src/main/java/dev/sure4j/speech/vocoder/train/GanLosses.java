package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import dev.sure4j.adapters.nn.Ops;
import java.util.List;

/**
 * The losses of the reference HiFi-GAN ({@code models.py}): least-squares GAN losses, feature
 * matching and the weighted mel L1 of {@code train.py}. Every result is a float32 scalar that keeps
 * its autograd history.
 */
public final class GanLosses {

  /** The weight of feature matching in the reference ({@code feature_loss} returns twice it). */
  public static final float FEATURE_WEIGHT = 2f;

  /** The weight of the mel L1 in the generator loss of the reference. */
  public static final float MEL_WEIGHT = 45f;

  private GanLosses() {}

  /**
   * The reference {@code feature_loss}: twice the sum, over sub-discriminators and their layers, of
   * the mean absolute difference between the feature maps of the recording and of the generated
   * waveform.
   *
   * @param real the judgements of the recordings
   * @param generated the judgements of the generated waveforms, same structure
   * @return the loss, a scalar
   */
  public static NDArray featureLoss(List<Judgement> real, List<Judgement> generated) {
    NDArray sum = null;
    for (int d = 0; d < real.size(); d++) {
      List<NDArray> r = real.get(d).featureMaps();
      List<NDArray> g = generated.get(d).featureMaps();
      for (int l = 0; l < r.size(); l++) {
        NDArray term = r.get(l).sub(g.get(l)).abs().mean();
        sum = sum == null ? term : sum.add(term);
      }
    }
    return Ops.times(sum, FEATURE_WEIGHT);
  }

  /**
   * The reference {@code discriminator_loss}: {@code sum_d mean((1 - D(y))^2) + mean(D(y_hat)^2)}.
   *
   * @param real the judgements of the recordings
   * @param generated the judgements of the generated waveforms (detached from the generator)
   * @return the loss, a scalar
   */
  public static NDArray discriminatorLoss(List<Judgement> real, List<Judgement> generated) {
    NDArray sum = null;
    for (int d = 0; d < real.size(); d++) {
      NDArray r = real.get(d).score().sub(1f).square().mean();
      NDArray term = r.add(generated.get(d).score().square().mean());
      sum = sum == null ? term : sum.add(term);
    }
    return sum;
  }

  /**
   * The reference {@code generator_loss}: {@code sum_d mean((1 - D(y_hat))^2)}.
   *
   * @param generated the judgements of the generated waveforms
   * @return the loss, a scalar
   */
  public static NDArray generatorLoss(List<Judgement> generated) {
    NDArray sum = null;
    for (Judgement j : generated) {
      NDArray term = j.score().sub(1f).square().mean();
      sum = sum == null ? term : sum.add(term);
    }
    return sum;
  }

  /**
   * The mel term of the reference generator loss: {@code 45 * mean(|mel(y) - mel(y_hat)|)}.
   *
   * @param melReal log-mel of the recordings {@code [batch, mels, frames]}
   * @param melGenerated log-mel of the generated waveforms, same shape
   * @return the loss, a scalar
   */
  public static NDArray melLoss(NDArray melReal, NDArray melGenerated) {
    return Ops.times(melReal.sub(melGenerated).abs().mean(), MEL_WEIGHT);
  }
}
