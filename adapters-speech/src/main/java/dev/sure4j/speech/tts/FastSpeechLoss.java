package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The FastSpeech 2 losses (ming024's {@code FastSpeech2Loss}), averaged over real elements only:
 * mel L1 before and after the postnet over real frames and mel bins, and MSE over real tokens of
 * pitch, energy and log duration ({@code log(d + 1)} against the predicted log duration).
 *
 * <p>A batch's loss is the mean over all its real elements, so padding never counts and a padded
 * batch equals the element-weighted mean of its utterances' losses.
 *
 * @param mel L1 of the mel before the postnet
 * @param postnetMel L1 of the refined mel
 * @param duration MSE of the log durations
 * @param pitch MSE of the pitch
 * @param energy MSE of the energy
 */
public record FastSpeechLoss(
    NDArray mel, NDArray postnetMel, NDArray duration, NDArray pitch, NDArray energy) {

  /**
   * Computes the losses of a training forward pass.
   *
   * @param in the inputs, with targets
   * @param out the outputs of the pass
   * @param melTargets {@code [batch, M, mel]}, the frame count equal to the outputs'
   * @return the five losses, scalars
   */
  public static FastSpeechLoss of(FastSpeechInput in, FastSpeechOutput out, NDArray melTargets) {
    checkArgument(in.targets().isPresent(), "losses need the variance targets");
    return of(in.targets().get(), in.tokenMask(), out, melTargets);
  }

  /**
   * Computes the losses of a training forward pass from its targets.
   *
   * @param t the variance targets the pass was given
   * @param tokenMask {@code [batch, T]}, 1 for real tokens
   * @param out the outputs of the pass
   * @param melTargets {@code [batch, M, mel]}, the frame count equal to the outputs'
   * @return the five losses, scalars
   */
  public static FastSpeechLoss of(
      VarianceTargets t, NDArray tokenMask, FastSpeechOutput out, NDArray melTargets) {
    checkArgument(
        melTargets.getShape().equals(out.mel().getShape()),
        "mel targets %s must match the predicted mel %s (durations sum to the mel length)",
        melTargets.getShape(),
        out.mel().getShape());
    NDArray realTokens = tokenMask.toType(DataType.FLOAT32, false);
    NDArray frameMask = out.melMask().expandDims(-1);
    long bins = melTargets.size(2);
    NDArray logDurations = t.durations().toType(DataType.FLOAT32, false).add(1).log();
    return new FastSpeechLoss(
        l1(out.mel(), melTargets, frameMask, bins),
        l1(out.postnetMel(), melTargets, frameMask, bins),
        mse(out.logDurations(), logDurations, realTokens),
        mse(out.pitch(), t.pitch(), realTokens),
        mse(out.energy(), t.energy(), realTokens));
  }

  private static NDArray l1(NDArray a, NDArray b, NDArray mask, long bins) {
    return a.sub(b).abs().mul(mask).sum().div(mask.sum().mul(bins));
  }

  private static NDArray mse(NDArray a, NDArray b, NDArray mask) {
    NDArray d = a.sub(b.toType(a.getDataType(), false));
    return d.mul(d).mul(mask).sum().div(mask.sum());
  }

  /**
   * Returns the sum of the five losses, ming024's {@code total_loss}.
   *
   * @return a scalar
   */
  public NDArray total() {
    return mel.add(postnetMel).add(duration).add(pitch).add(energy);
  }
}
