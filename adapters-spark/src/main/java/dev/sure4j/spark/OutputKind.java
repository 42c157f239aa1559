package dev.sure4j.spark;

/** What {@link SpeechInference} appends to each row. */
public enum OutputKind {
  /**
   * The adapter's prediction: a struct with the adapter, the task type, the text, and the class
   * label and scores, the intent slots or the transcript (see {@link OutputRows}).
   */
  PREDICTION,
  /**
   * The hidden state of one layer mean-pooled over the utterance's real frames: {@code
   * array<float>} of length {@code hidden}.
   */
  POOLED_HIDDEN_STATES,
  /**
   * The hidden state of one layer over the utterance's real frames: {@code array<array<float>>},
   * {@code [frames, hidden]} (one frame per 20 ms at 16 kHz for HuBERT/wav2vec2).
   */
  HIDDEN_STATES
}
