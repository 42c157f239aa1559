/**
 * The {@code ./sure4j} application: the {@link dev.sure4j.cli.Sure4j} command line, the {@link
 * dev.sure4j.cli.Demo} that compares the adaptation methods on a synthetic sequence task, and the
 * {@code methods} listing. Subpackages hold the task commands, the HTTP server ({@code serve}),
 * benchmarks ({@code bench}) and the soak ({@code soak}).
 */
package dev.sure4j.cli;
