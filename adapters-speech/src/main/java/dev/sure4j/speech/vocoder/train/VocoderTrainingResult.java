package dev.sure4j.speech.vocoder.train;

import java.nio.file.Path;

/**
 * What a {@link VocoderTrainer} run did.
 *
 * @param steps updates applied in total, the resumed ones included
 * @param firstMelL1 the mel L1 (unweighted) of the first update of this process, NaN without one
 * @param lastMelL1 the mel L1 of the last update, NaN without one
 * @param seconds training seconds in total, the resumed ones included
 * @param generator the vocoder directory written ({@code config.json}, {@code
 *     generator.safetensors})
 */
public record VocoderTrainingResult(
    long steps, double firstMelL1, double lastMelL1, double seconds, Path generator) {}
