package dev.sure4j.cli.tasks;

import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import java.nio.file.Path;

/**
 * One cell of the quickstart table: a method trained on a task with one seed.
 *
 * @param task the task, with its metric and targets
 * @param data the task's splits
 * @param method the method variant
 * @param seed the run's seed
 * @param learningRate the run's peak learning rate
 * @param runDir where the run writes its adapter and {@code metrics.json}
 * @param steps the run's optimizer steps, a measure of its cost
 */
record QuickstartCell(
    SpeechTask task,
    TaskData data,
    MethodVariant method,
    long seed,
    double learningRate,
    Path runDir,
    long steps) {}
