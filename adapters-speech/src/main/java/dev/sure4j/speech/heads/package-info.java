/**
 * Task heads for the SURE benchmark, usable as {@link dev.sure4j.adapters.model.AdapterModel} heads
 * over any encoder, and their losses as DJL {@link ai.djl.training.loss.Loss} subclasses.
 *
 * <p>A head receives the base model's outputs and the model inputs after the first, apart, as a
 * {@link dev.sure4j.adapters.model.HeadFeed}, and reads them once, by the names of {@link
 * dev.sure4j.adapters.OutputNames}, as a {@link dev.sure4j.speech.heads.HeadInput} (the last hidden
 * state {@code [batch, frames, D]}, the hidden states per layer and the frame mask {@code [batch,
 * frames]}, 1 = valid frame) in {@link dev.sure4j.speech.heads.SpeechHead}. Heads: {@link
 * dev.sure4j.speech.heads.UtteranceClassifierHead} (emotion, keyword spotting, speaker ID), {@link
 * dev.sure4j.speech.heads.IntentHead} (Fluent Speech Commands) and {@link
 * dev.sure4j.speech.heads.CtcHead} (ASR, phonemes, slot filling; loss {@link
 * dev.sure4j.speech.ctc.CtcLoss}).
 */
package dev.sure4j.speech.heads;
