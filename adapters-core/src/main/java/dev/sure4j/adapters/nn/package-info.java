/**
 * Host blocks with injection points: a linear layer that takes LoRA, residual adapter sites, a
 * self-attention that takes prefixes, and the wav2vec2/HuBERT transformer layer and encoder built
 * from them. Parameter paths follow Hugging Face module names (see {@link
 * dev.sure4j.adapters.nn.StateDict}).
 */
package dev.sure4j.adapters.nn;
