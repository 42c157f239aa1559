/**
 * The text-to-speech commands: {@code ./sure4j tts} speaks a sentence with a trained FastSpeech
 * model, {@code ./sure4j tts-train} trains a base model or adapts one to a new voice.
 */
package dev.sure4j.cli.tts;
