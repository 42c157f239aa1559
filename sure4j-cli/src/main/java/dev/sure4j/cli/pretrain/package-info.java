/**
 * {@code ./sure4j pretrain}: HuBERT-style masked-prediction pretraining of the bundled small
 * backbone on the train splits of the mini corpus, written as a Hugging Face checkpoint with a
 * model card.
 */
package dev.sure4j.cli.pretrain;
