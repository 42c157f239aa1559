/**
 * Serving many task adapters on one frozen backbone to many threads at once: {@link
 * dev.sure4j.speech.serving.AdapterServer} queues requests, batches those for the same adapter into
 * one backbone pass and answers with typed {@link dev.sure4j.speech.serving.Prediction}s (a class
 * with its scores, an intent's three slots, or a transcript).
 */
package dev.sure4j.speech.serving;
