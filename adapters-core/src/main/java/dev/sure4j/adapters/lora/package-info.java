/**
 * LoRA: the low-rank update block {@link dev.sure4j.adapters.lora.LoraDelta} that an {@link
 * dev.sure4j.adapters.nn.AdaptableLinear} adds to its output or folds into its weight, and {@link
 * dev.sure4j.adapters.lora.LoraConvDelta}, its counterpart on an {@link
 * dev.sure4j.adapters.nn.AdaptableConv1d} (PEFT's {@code lora.Conv1d}).
 */
package dev.sure4j.adapters.lora;
