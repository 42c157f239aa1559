/**
 * Sequence-to-sequence training of Whisper on sure4j's one training engine: teacher-forced batches
 * padded to the longest utterance ({@link dev.sure4j.speech.whisper.train.WhisperTargets}, {@link
 * dev.sure4j.speech.whisper.train.WhisperBatch}, {@link
 * dev.sure4j.speech.whisper.train.WhisperDataset}), the cross-entropy PyTorch users know ({@link
 * dev.sure4j.speech.whisper.train.Seq2SeqLoss}: ignore index -100, optional label smoothing), where
 * an adapter goes ({@link dev.sure4j.speech.whisper.train.WhisperWhere}) and the end-to-end run
 * ({@link dev.sure4j.speech.whisper.train.WhisperTrainer}).
 */
package dev.sure4j.speech.whisper.train;
