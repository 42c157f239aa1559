/**
 * Speech data sets on disk: {@link dev.sure4j.speech.data.Manifest} reads the generic CSV, TSV and
 * JSONL manifests (an audio path plus labels or a transcript per line) that the bundled mini corpus
 * ({@code data/mini}) and user corpora use; {@link dev.sure4j.speech.data.ClipDataset} makes
 * training batches from their entries (pass order, audio read as batches are made, unreadable files
 * reported once and left out), for {@link dev.sure4j.speech.data.AudioDataset} and Whisper's
 * dataset alike.
 */
package dev.sure4j.speech.data;
