/**
 * Loading Hugging Face HuBERT and wav2vec2 checkpoints ({@code config.json} + safetensors or
 * PyTorch {@code pytorch_model.bin}, single or sharded) into {@link
 * dev.sure4j.speech.encoder.SpeechEncoder}, with validation before any value is copied: {@link
 * dev.sure4j.speech.loading.HfCheckpointLoader}.
 */
package dev.sure4j.speech.loading;
