/**
 * HuBERT and wav2vec2 encoders built from adapters-core's host blocks, with Hugging Face's module
 * and parameter names: {@link dev.sure4j.speech.encoder.EncoderConfig} (from {@code config.json}),
 * the torchaudio-style components ({@link dev.sure4j.speech.encoder.ConvLayerBlock}, {@link
 * dev.sure4j.speech.encoder.FeatureExtractor}, {@link dev.sure4j.speech.encoder.FeatureProjection},
 * {@link dev.sure4j.speech.encoder.ConvolutionalPositionalEmbedding}, {@link
 * dev.sure4j.speech.encoder.EncoderTransformer}) and the assembled {@link
 * dev.sure4j.speech.encoder.SpeechEncoder}, an {@code AdaptableModel} that takes every adapter
 * method.
 */
package dev.sure4j.speech.encoder;
