package dev.sure4j.speech.serving;

import java.util.concurrent.CompletableFuture;

/**
 * One queued utterance.
 *
 * @param adapter the adapter it runs with
 * @param waveform the prepared samples [samples] at the backbone's rate
 * @param result completed by the batch worker
 */
record InferenceRequest(String adapter, float[] waveform, CompletableFuture<Prediction> result) {}
