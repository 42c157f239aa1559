/**
 * LoRA: the low-rank update block {@link dev.sure4j.adapters.lora.LoraDelta} that an {@link
 * dev.sure4j.adapters.nn.AdaptableLinear} adds to its output or folds into its weight.
 */
package dev.sure4j.adapters.lora;
