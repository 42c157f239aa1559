/**
 * Learned text-to-frame alignment for TTS without external tools: {@link
 * dev.sure4j.speech.tts.align.MonotonicAlignment} (monotonic alignment search, integer durations
 * from a {@code [tokens, frames]} log-probability matrix) and {@link
 * dev.sure4j.speech.tts.align.ForwardSumLoss} (the forward-sum loss of "One TTS Alignment To Rule
 * Them All", a CTC over text positions computed by {@link dev.sure4j.speech.ctc.CtcLoss}).
 */
package dev.sure4j.speech.tts.align;
