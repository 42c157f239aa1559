/**
 * Whisper on the JVM: a Hugging Face Whisper checkpoint ({@code WhisperForConditionalGeneration})
 * loaded into blocks built from adapters-core's host blocks, so that every adapter method attaches
 * to its attention and feed-forward layers by their Hugging Face names.
 *
 * <ul>
 *   <li>{@link dev.sure4j.speech.whisper.WhisperConfig} ({@code config.json}) and {@link
 *       dev.sure4j.speech.whisper.WhisperGenerationConfig} ({@code generation_config.json}).
 *   <li>{@link dev.sure4j.speech.whisper.WhisperFeatures}: 16 kHz audio to log-mel features {@code
 *       [1, n_mels, 3000]} (30 s), on the project's {@code synthesis} mel code.
 *   <li>{@link dev.sure4j.speech.whisper.WhisperModel}: {@link
 *       dev.sure4j.speech.whisper.WhisperEncoder} (states {@code [batch, 1500, d_model]}) and
 *       {@link dev.sure4j.speech.whisper.WhisperDecoder} (logits {@code [batch, T, vocab_size]}),
 *       made of {@link dev.sure4j.speech.whisper.WhisperLayer}s and {@link
 *       dev.sure4j.speech.whisper.WhisperAttention}; {@link
 *       dev.sure4j.speech.whisper.WhisperDecoderCache} holds the keys and values of a decoding run.
 *   <li>{@link dev.sure4j.speech.whisper.WhisperDecoding}: {@link
 *       dev.sure4j.speech.whisper.WhisperGreedyDecoder} or {@link
 *       dev.sure4j.speech.whisper.WhisperBeamSearch}, with the prompt choices of {@link
 *       dev.sure4j.speech.whisper.WhisperPrompt} (language, timestamps).
 *   <li>{@link dev.sure4j.speech.whisper.WhisperTranscriber}: audio of any length in 30 s windows
 *       to a {@link dev.sure4j.speech.whisper.WhisperTranscript} (text, tokens, {@link
 *       dev.sure4j.speech.whisper.WhisperSegment}s); {@link
 *       dev.sure4j.speech.whisper.WhisperTokenizer} decodes the ids.
 * </ul>
 *
 * <p>Everything runs on DJL's PyTorch engine in float32; half-precision checkpoints are widened
 * when loaded.
 */
package dev.sure4j.speech.whisper;
