/**
 * The TTS text front end: {@link dev.sure4j.speech.tts.text.TextNormalizer} and {@link
 * dev.sure4j.speech.tts.text.CharacterFrontEnd} for characters, {@link
 * dev.sure4j.speech.tts.text.EspeakPhonemizer} for IPA phonemes when espeak-ng is installed, and
 * {@link dev.sure4j.speech.tts.text.TextEncoder} for the ids and the saved vocabulary.
 */
package dev.sure4j.speech.tts.text;
