/**
 * Small programs a user copies into their own project: the README's code example ({@link
 * dev.sure4j.examples.ReadmeExample}), a DJL {@code Criteria} example ({@code djl}) and the
 * train-your-own-adapter guide ({@code guide}). The {@code ./sure4j} application lives in the
 * {@code sure4j-cli} module.
 */
package dev.sure4j.examples;
