/**
 * Readers for the SURE corpora in their standard on-disk layouts: ESD, Speech Commands v0.01,
 * Fluent Speech Commands, LibriSpeech, FLEURS and VCTK, and for text to speech LJSpeech and
 * LibriTTS. Each {@link dev.sure4j.speech.corpora.CorpusReader} turns a corpus root into train,
 * validation and test {@link dev.sure4j.speech.data.ManifestEntry} lists for a task ({@link
 * dev.sure4j.speech.corpora.CorpusSplits}) without opening audio; {@link
 * dev.sure4j.speech.corpora.Corpora} finds a reader by name and reads {@code name:path} specs.
 * Layouts, split rules and field mappings are in {@code docs/corpora.md}.
 */
package dev.sure4j.speech.corpora;
