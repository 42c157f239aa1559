/**
 * What the SURE task code needs of a speech encoder, whatever its family: {@link
 * dev.sure4j.speech.backbone.SpeechBackbone} (waveforms and lengths in, the last hidden state, the
 * frame mask and every layer's hidden state out; injection points; width and depth) and {@link
 * dev.sure4j.speech.backbone.BackboneSettings}, the backbone's kind and run-time settings that
 * {@code task.json} records beside an adapter. HuBERT and wav2vec2 ({@code
 * dev.sure4j.speech.encoder.SpeechEncoder}) and Whisper's encoder ({@code
 * dev.sure4j.speech.whisper.WhisperBackbone}) implement it. This package depends on no encoder.
 */
package dev.sure4j.speech.backbone;
