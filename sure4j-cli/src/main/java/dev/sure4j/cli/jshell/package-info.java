/**
 * The {@code shell} command: JShell with sure4j on the class path (docs/jshell.md). The scripts and
 * the notebook live in {@code examples/jshell} and {@code examples/notebooks}.
 */
package dev.sure4j.cli.jshell;
