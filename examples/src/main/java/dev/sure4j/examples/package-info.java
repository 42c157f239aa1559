/**
 * Runnable examples behind the {@code ./sure4j} launcher: the {@link dev.sure4j.examples.Sure4j}
 * command line, the core {@link dev.sure4j.examples.Demo} that compares the adaptation methods on a
 * synthetic sequence task, a reusable {@link dev.sure4j.examples.PooledClassifierHead}, and the
 * README's code example ({@link dev.sure4j.examples.ReadmeExample}).
 */
package dev.sure4j.examples;
