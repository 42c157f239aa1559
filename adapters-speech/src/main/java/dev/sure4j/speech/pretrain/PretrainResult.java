package dev.sure4j.speech.pretrain;

import java.util.List;

/**
 * What a pretraining run measured.
 *
 * @param steps optimizer steps run
 * @param firstLoss mean masked cross-entropy (nats) over the first logged interval
 * @param finalLoss mean masked cross-entropy (nats) over the last logged interval
 * @param heldOutAccuracy masked-unit accuracy on the held-out utterances (NaN without any)
 * @param heldOutLoss masked cross-entropy on the held-out utterances (NaN without any)
 * @param heldOutMaskedFrames masked frames scored on the held-out utterances
 * @param majorityAccuracy accuracy of always predicting the most frequent training unit on the same
 *     held-out masked frames
 * @param seconds wall time of the training loop
 * @param skippedSteps batches whose loss or gradient was not finite, skipped without an update
 * @param losses mean training loss per logged interval
 */
public record PretrainResult(
    int steps,
    double firstLoss,
    double finalLoss,
    double heldOutAccuracy,
    double heldOutLoss,
    long heldOutMaskedFrames,
    double majorityAccuracy,
    double seconds,
    int skippedSteps,
    List<Double> losses) {

  /** Copies the list. */
  public PretrainResult {
    losses = List.copyOf(losses);
  }
}
