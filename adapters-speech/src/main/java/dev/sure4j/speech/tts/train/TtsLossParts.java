package dev.sure4j.speech.tts.train;

/**
 * The parts of one {@link TtsLoss} evaluation.
 *
 * @param mel mel L1 before the postnet (log-mel units)
 * @param postnetMel mel L1 after the postnet
 * @param duration MSE of {@code log(d + 1)}
 * @param pitch MSE of the token pitch z-scores
 * @param energy MSE of the token energy z-scores
 * @param align the forward-sum loss (nats per token), NaN when it was not computed
 */
public record TtsLossParts(
    float mel, float postnetMel, float duration, float pitch, float energy, float align) {}
