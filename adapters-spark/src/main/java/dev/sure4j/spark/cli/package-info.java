/**
 * {@code ./sure4j spark-predict} ({@link dev.sure4j.spark.cli.SparkPredict}): a manifest in, a
 * Parquet file of predictions out, on any Spark master.
 */
package dev.sure4j.spark.cli;
