/**
 * IA3: learned per-feature scaling vectors ({@link dev.sure4j.adapters.ia3.Ia3Delta}) that an
 * {@link dev.sure4j.adapters.nn.AdaptableLinear} applies to its output, or to its input for
 * feed-forward layers, or folds into its weight and bias.
 */
package dev.sure4j.adapters.ia3;
