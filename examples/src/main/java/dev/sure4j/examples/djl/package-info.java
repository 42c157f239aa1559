/** The Deep Java Library example of docs/djl.md: a task adapter loaded through {@code Criteria}. */
package dev.sure4j.examples.djl;
