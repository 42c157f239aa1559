/**
 * Speech data sets on disk: {@link dev.sure4j.speech.data.Manifest} reads the generic CSV, TSV and
 * JSONL manifests (an audio path plus labels or a transcript per line) that the bundled mini corpus
 * ({@code data/mini}) and user corpora use.
 */
package dev.sure4j.speech.data;
