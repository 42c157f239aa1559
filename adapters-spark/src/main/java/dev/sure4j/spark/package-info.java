/**
 * Batch inference and feature extraction with sure4j adapters on Apache Spark: {@link
 * dev.sure4j.spark.SpeechInference} (a {@code mapPartitions} over a {@code Dataset<Row>}) and
 * {@link dev.sure4j.spark.SpeechTransformer} (the same as a Spark ML {@code Transformer}). One
 * backbone per executor JVM ({@link dev.sure4j.spark.ExecutorSessions}), adapters broadcast as
 * bytes ({@link dev.sure4j.spark.AdapterBundle}), a null prediction and an error message for a row
 * that fails. See docs/spark.md.
 */
package dev.sure4j.spark;
