package dev.sure4j.speech.corpora;

/** The three parts of a corpus. */
enum Split {
  TRAIN,
  VAL,
  TEST
}
