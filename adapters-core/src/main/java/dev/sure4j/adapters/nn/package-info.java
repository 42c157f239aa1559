/**
 * Host blocks with injection points: a linear layer that takes LoRA, residual adapter sites, a
 * self-attention that takes prefixes, and a generic pre-/post-LN transformer layer (pluggable
 * attention and feed-forward) and encoder built from them. Parameter paths follow Hugging Face
 * module names (see {@link dev.sure4j.adapters.nn.StateDict}). {@link
 * dev.sure4j.adapters.nn.LayerScope} frees each stage's intermediates when it returns, and {@link
 * dev.sure4j.adapters.nn.FrozenStages} cuts the stages below a model's lowest trainable parameter
 * from the autograd graph.
 */
package dev.sure4j.adapters.nn;
