/**
 * The task commands: {@code quickstart} (every method on every bundled task, SURE-style table and
 * {@code runs/quickstart/results.csv}), {@code train} (one method on one task: adapter directory
 * and {@code metrics.json}), {@code evaluate} (a trained adapter on a split) and {@code predict}
 * (many adapters on one backbone).
 */
package dev.sure4j.cli.tasks;
