/**
 * Connectionist temporal classification for ASR, phoneme recognition and slot filling: {@link
 * dev.sure4j.speech.ctc.CtcLoss} (log-space forward recursion in DJL operations, gradients through
 * autograd, checked against PyTorch's {@code ctc_loss}), {@link
 * dev.sure4j.speech.ctc.CtcGreedyDecoder} and {@link dev.sure4j.speech.ctc.Vocabulary} (Hugging
 * Face {@code vocab.json} form).
 */
package dev.sure4j.speech.ctc;
