/**
 * {@code ./sure4j transcribe}: Whisper speech recognition over audio files, with an optional LoRA
 * adapter, greedy or beam decoding, a chosen language and optional timestamped segments; and the
 * loading of a Whisper directory that {@code mel} and {@code encode} share.
 */
package dev.sure4j.cli.transcribe;
