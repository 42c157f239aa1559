/**
 * Phoneme targets for phoneme recognition (SURE's and SUPERB's PR task): the ARPAbet phone set
 * ({@link dev.sure4j.speech.phonemes.Arpabet}), a CMUdict-format pronunciation lexicon ({@link
 * dev.sure4j.speech.phonemes.CmuDict}) and the conversion of word transcripts into phone
 * transcripts ({@link dev.sure4j.speech.phonemes.PhonemeTranscripts}), which a CTC task over
 * whitespace-separated phone tokens then learns and scores by phoneme error rate.
 */
package dev.sure4j.speech.phonemes;
