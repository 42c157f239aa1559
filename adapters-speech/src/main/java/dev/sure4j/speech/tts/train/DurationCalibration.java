package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.tts.FastSpeechInput;
import dev.sure4j.speech.tts.FastSpeechModel;
import dev.sure4j.speech.tts.LengthRegulator;
import dev.sure4j.speech.tts.data.UtteranceFeatures;
import java.util.List;
import java.util.Optional;

/**
 * Fits the pace of a trained model to a voice: the duration scale that makes the predicted length
 * of the training utterances equal their recorded length.
 *
 * <p>The duration predictor is trained on {@code ln(1 + d)} with a squared error, so it predicts
 * the mean of the log durations, and {@code exp} of that mean is below the mean duration (by about
 * {@code exp(-var/2)} for a log-duration variance {@code var}): unscaled, the model speaks too
 * fast, the more so the less predictable the voice's durations are. The scale is {@code sum(frames)
 * / sum(max(0, exp(d) - 1))} over the utterances, with {@code d} the predicted log durations of
 * their tokens and {@code frames} their mel frames.
 */
public final class DurationCalibration {

  private DurationCalibration() {}

  /**
   * Fits the duration scale.
   *
   * @param model the model, adapters attached and active if any
   * @param utterances the voice's training utterances (tokens, mel frames and speaker id each)
   * @param manager where the temporary arrays live
   * @return the scale, finite and {@code > 0}
   * @throws IllegalArgumentException for no utterances, or a model that predicts no frame for any
   */
  public static double fit(
      FastSpeechModel model, List<UtteranceFeatures> utterances, NDManager manager) {
    checkArgument(!utterances.isEmpty(), "no utterances to fit the pace on");
    double recorded = 0;
    double predicted = 0;
    for (UtteranceFeatures u : utterances) {
      try (NDManager m = manager.newSubManager()) {
        int[] tokens = u.tokens();
        FastSpeechInput in =
            new FastSpeechInput(
                m.create(tokens, new Shape(1, tokens.length)),
                LengthRegulator.mask(m, new int[] {tokens.length}, tokens.length),
                m.create(new int[] {u.speaker()}),
                Optional.empty());
        NDArray logDurations =
            model.forward(new ParameterStore(m, false), in, false).logDurations();
        predicted += logDurations.exp().sub(1).maximum(0).sum().getFloat();
        recorded += u.frames();
      }
    }
    checkArgument(
        predicted > 0,
        "the model predicts no frame for any of %s utterances: no pace to fit",
        utterances.size());
    return recorded / predicted;
  }
}
