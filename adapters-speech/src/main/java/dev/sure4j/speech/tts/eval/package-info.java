/**
 * Test-split measures of a TTS model against recordings: {@link
 * dev.sure4j.speech.tts.eval.TtsEvaluator} runs the model on each test text, {@link
 * dev.sure4j.speech.tts.eval.TtsMetricsAccumulator} pools MCD, F0 error (cents) and duration error
 * into {@link dev.sure4j.speech.tts.eval.TtsTestMetrics}.
 */
package dev.sure4j.speech.tts.eval;
