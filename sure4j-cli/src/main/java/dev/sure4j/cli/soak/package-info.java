/**
 * {@code ./sure4j soak}: a long training and serving run that samples the process's resident memory
 * and live NDArray count, to show that neither grows (docs/reliability.md).
 */
package dev.sure4j.cli.soak;
