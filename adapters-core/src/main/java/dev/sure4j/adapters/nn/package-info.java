/**
 * Host blocks with injection points: a linear layer that takes LoRA, residual adapter sites, a
 * self-attention that takes prefixes, and a generic pre-/post-LN transformer layer (pluggable
 * attention and feed-forward) and encoder built from them. Parameter paths follow Hugging Face
 * module names (see {@link dev.sure4j.adapters.nn.StateDict}).
 */
package dev.sure4j.adapters.nn;
