/**
 * Speech tasks end to end: a {@link dev.sure4j.speech.tasks.SpeechTask} (a sealed family of one
 * record per form: {@link dev.sure4j.speech.tasks.ClassificationTask}, {@link
 * dev.sure4j.speech.tasks.IntentTask}, {@link dev.sure4j.speech.tasks.CtcTask}, each with its
 * labels) makes its head, loss, evaluator and label arrays; {@link
 * dev.sure4j.speech.tasks.TaskTrainer} trains one adaptation method on one task and writes the
 * adapter, {@code task.json} and {@code metrics.json}; {@link
 * dev.sure4j.speech.tasks.SpeechSession} serves many task adapters on one backbone.
 */
package dev.sure4j.speech.tasks;
