/**
 * Task heads for the SURE benchmark, usable as {@link dev.sure4j.adapters.AdapterModel} heads over
 * any encoder, and their losses as DJL {@link ai.djl.training.loss.Loss} subclasses.
 *
 * <p>A head receives the base model's outputs followed by the model inputs after the first: the
 * last hidden state {@code [batch, frames, D]} first, optionally all {@code L + 1} hidden states,
 * and the frame mask {@code [batch, frames]} (1 = valid frame) wherever it appears: the heads take
 * the first two-dimensional input as the mask. Heads: {@link
 * dev.sure4j.speech.heads.UtteranceClassifierHead} (emotion, keyword spotting, speaker ID), {@link
 * dev.sure4j.speech.heads.IntentHead} (Fluent Speech Commands) and {@link
 * dev.sure4j.speech.heads.CtcHead} (ASR, phonemes, slot filling; loss {@link
 * dev.sure4j.speech.ctc.CtcLoss}).
 */
package dev.sure4j.speech.heads;
