package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.common.primitives.Longs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transcribes recordings of any length: the 16 kHz waveform is cut into 30 s windows ({@link
 * WhisperFeatures#WINDOW_SAMPLES}), each window is encoded and decoded on its own with the {@link
 * WhisperDecoding} (greedy or beam search), and the windows' tokens and texts are joined. A last
 * window of 200 samples (12.5 ms) or fewer is dropped. The model's active adapters apply.
 * Thread-safe when the model is not changed meanwhile.
 */
public final class WhisperTranscriber {

  private static final int SAMPLE_RATE = 16_000;
  private static final int MIN_WINDOW_SAMPLES = 201;

  private final WhisperDecoding decoding;
  private final WhisperTokenizer tokenizer;
  private final WhisperFeatures features;
  private final int maxNewTokens;
  private final boolean timestamps;

  private WhisperTranscriber(Builder b) {
    this.decoding = b.decoding;
    this.tokenizer = b.tokenizer;
    this.maxNewTokens = b.maxNewTokens;
    this.timestamps = b.timestamps;
    this.features = WhisperFeatures.of(decoding.model().config().numMelBins());
  }

  /**
   * Returns a builder.
   *
   * @return a builder with 448 new tokens per window and no segments
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Transcribes one recording.
   *
   * @param manager the manager the intermediate arrays live in while a window is decoded
   * @param wave 16 kHz mono samples in [-1, 1], more than 200
   * @return the text, the tokens and, with {@link Builder#optSegments}, the segments
   */
  public WhisperTranscript transcribe(NDManager manager, float[] wave) {
    checkArgument(
        wave.length >= MIN_WINDOW_SAMPLES, "need more than 200 samples, got %s", wave.length);
    List<Long> tokens = new ArrayList<>();
    List<WhisperSegment> segments = new ArrayList<>();
    for (int from = 0;
        wave.length - from >= MIN_WINDOW_SAMPLES;
        from += WhisperFeatures.WINDOW_SAMPLES) {
      int to = Math.min(wave.length, from + WhisperFeatures.WINDOW_SAMPLES);
      long[] window = decodeWindow(manager, Arrays.copyOfRange(wave, from, to));
      tokens.addAll(Longs.asList(window));
      if (timestamps) {
        segments.addAll(
            WhisperSegment.split(
                window, tokenizer, from / (double) SAMPLE_RATE, to / (double) SAMPLE_RATE));
      }
    }
    return new WhisperTranscript(tokenizer.decode(Longs.toArray(tokens), true), tokens, segments);
  }

  /** The generated ids of one window, without the prompt and the end token. */
  private long[] decodeWindow(NDManager manager, float[] window) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray mel = features.features(scope, window);
      NDArray states =
          decoding.model().encoder().encode(new ParameterStore(scope, false), mel, false);
      long[] ids = decoding.decode(states, maxNewTokens);
      WhisperGenerationConfig rules = decoding.rules();
      int end = ids.length;
      if (end > rules.prompt().length && ids[end - 1] == rules.eosTokenId()) {
        end--;
      }
      return Arrays.copyOfRange(ids, rules.prompt().length, end);
    }
  }

  /** Builds a {@link WhisperTranscriber}. */
  public static final class Builder {
    private WhisperDecoding decoding;
    private WhisperTokenizer tokenizer;
    private int maxNewTokens = 448;
    private boolean timestamps;

    private Builder() {}

    /**
     * Sets the decoding strategy (required), which names the model and the rules.
     *
     * @param value greedy or beam search, over the model with the adapters that should apply active
     *     and the rules, e.g. from {@link WhisperPrompt#withLanguage}
     * @return this builder
     */
    public Builder setDecoding(WhisperDecoding value) {
      decoding = value;
      return this;
    }

    /**
     * Sets the tokenizer (required).
     *
     * @param value the tokenizer of the model's directory
     * @return this builder
     */
    public Builder setTokenizer(WhisperTokenizer value) {
      tokenizer = value;
      return this;
    }

    /**
     * Sets the tokens generated at most per 30 s window (also bounded by {@code max_length}).
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder optMaxNewTokens(int count) {
      maxNewTokens = count;
      return this;
    }

    /**
     * Turns the timestamp tokens of each window into {@link WhisperTranscript#segments()}; the
     * rules should then come from {@link WhisperPrompt#withTimestamps}.
     *
     * @param value true for segments
     * @return this builder
     */
    public Builder optSegments(boolean value) {
      timestamps = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the transcriber
     */
    public WhisperTranscriber build() {
      checkArgument(
          decoding != null && tokenizer != null,
          "a decoding strategy and a tokenizer are required");
      checkArgument(maxNewTokens >= 1, "max new tokens must be >= 1: %s", maxNewTokens);
      return new WhisperTranscriber(this);
    }
  }
}
