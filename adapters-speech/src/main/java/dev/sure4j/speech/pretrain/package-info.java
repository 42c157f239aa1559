/**
 * HuBERT-style pretraining of a {@link dev.sure4j.speech.encoder.SpeechEncoder}: Kaldi-compatible
 * MFCC features aligned 1:1 with the encoder's frames ({@link KaldiMfcc}, {@link MfccFeatures}),
 * k-means units ({@link KMeans}), span masking ({@link SpanMasker}), the masked-prediction model
 * and loss ({@link MaskedPredictionModel}, {@link MaskedUnitLoss}), the training loop ({@link
 * Pretrainer}) and the export of the backbone as a Hugging Face checkpoint directory ({@link
 * HubertExporter}).
 */
package dev.sure4j.speech.pretrain;
