package dev.sure4j.speech.pretrain;

/**
 * Masked-unit prediction on held-out utterances.
 *
 * @param accuracy share of masked frames whose most likely unit is the label
 * @param loss mean cross-entropy over the masked frames, nats
 * @param maskedFrames masked frames scored
 * @param majorityAccuracy share of the same frames whose label is the given majority unit (the
 *     accuracy of always guessing it)
 */
public record MaskedUnitScore(
    double accuracy, double loss, long maskedFrames, double majorityAccuracy) {}
