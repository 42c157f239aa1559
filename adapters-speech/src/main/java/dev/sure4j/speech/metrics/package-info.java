/**
 * Task metrics of the SURE benchmark: classification ({@link
 * dev.sure4j.speech.metrics.ConfusionMatrix}: accuracy, per-class, macro and weighted F1), intent
 * accuracy with the all-three-right rule ({@link dev.sure4j.speech.metrics.IntentAccuracy}) and
 * corpus-level error rates over words, characters and phonemes ({@link
 * dev.sure4j.speech.metrics.ErrorRate}, from {@link dev.sure4j.speech.metrics.EditDistance}) and
 * slot filling over B-/E- tagged transcripts ({@link dev.sure4j.speech.metrics.SlotFilling}:
 * slot-type F1 and slot-value CER, parsed by {@link dev.sure4j.speech.metrics.SlotAnnotation}).
 */
package dev.sure4j.speech.metrics;
