/**
 * Slot-filling targets: tagged transcripts in the SLURP, inline-tag and IOB forms, brought to the
 * one form a CTC model over characters and slot tags learns ({@link
 * dev.sure4j.speech.slots.SlotTranscripts}); the metrics that score it are {@link
 * dev.sure4j.speech.metrics.SlotFilling}.
 */
package dev.sure4j.speech.slots;
