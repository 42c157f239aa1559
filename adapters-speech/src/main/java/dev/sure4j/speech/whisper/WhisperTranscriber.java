package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.common.primitives.Longs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transcribes recordings of any length: the 16 kHz waveform is cut into the model's windows (30 s,
 * {@link WhisperFeatures#WINDOW_SAMPLES}, for every released model), each window is encoded and
 * decoded on its own with the {@link WhisperDecoding} (greedy or beam search), and the windows'
 * tokens and texts are joined. A last window of 200 samples (12.5 ms) or fewer is dropped. The
 * model's active adapters apply. Thread-safe when the model is not changed meanwhile.
 */
public final class WhisperTranscriber {

  /** The default bound on generated tokens per window: Whisper's {@code max_length}. */
  public static final int MAX_NEW_TOKENS = 448;

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
    this.features = WhisperFeatures.of(decoding.model().config());
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
    Joined joined = new Joined();
    for (int from : windowStarts(wave.length)) {
      int to = Math.min(wave.length, from + features.windowSamples());
      try (NDManager scope = manager.newSubManager()) {
        NDArray mel = features.features(scope, Arrays.copyOfRange(wave, from, to));
        NDArray states =
            decoding.model().encoder().encode(new ParameterStore(scope, false), mel, false);
        joined.add(decodeWindow(states), from, to);
      }
    }
    return joined.transcript();
  }

  /**
   * Transcribes several recordings, each as {@link #transcribe} does: with greedy decoding and no
   * segments, the recordings that fit one window are encoded and decoded together, up to {@code
   * batchSize} at a time ({@link WhisperGreedyDecoder#decodeBatch}: the same tokens as one at a
   * time, but one decoder pass per step for the whole batch); longer recordings, beam search and
   * segments take one recording at a time.
   *
   * @param manager the manager the intermediate arrays live in while a batch is decoded
   * @param waves 16 kHz mono samples in [-1, 1] per recording, each more than 200
   * @param batchSize recordings decoded together at most, at least 1
   * @return one transcript per recording, in order
   */
  public List<WhisperTranscript> transcribeAll(
      NDManager manager, List<float[]> waves, int batchSize) {
    checkArgument(batchSize >= 1, "batch size must be >= 1: %s", batchSize);
    WhisperGreedyDecoder greedy =
        !timestamps && decoding instanceof WhisperGreedyDecoder g ? g : null;
    WhisperTranscript[] out = new WhisperTranscript[waves.size()];
    List<Integer> batched = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      if (greedy != null && waves.get(i).length <= features.windowSamples()) {
        batched.add(i);
      } else {
        out[i] = transcribe(manager, waves.get(i));
      }
    }
    for (int from = 0; from < batched.size(); from += batchSize) {
      List<Integer> rows = batched.subList(from, Math.min(batched.size(), from + batchSize));
      float[][] batch = rows.stream().map(waves::get).toArray(float[][]::new);
      try (NDManager scope = manager.newSubManager()) {
        NDArray mel = features.features(scope, batch, features.windowFrames());
        NDArray states =
            decoding.model().encoder().encode(new ParameterStore(scope, false), mel, false);
        long[][] ids = greedy.decodeBatch(states, maxNewTokens);
        for (int k = 0; k < batch.length; k++) {
          Joined joined = new Joined();
          joined.add(generated(ids[k]), 0, batch[k].length);
          out[rows.get(k)] = joined.transcript();
        }
      }
    }
    return List.of(out);
  }

  /**
   * Computes the input features of every 30 s window at once, for a caller that runs the encoder
   * itself (the DJL translator); {@link #decode} turns the encoder's states into the transcript.
   *
   * @param manager the manager of the result
   * @param wave 16 kHz mono samples in [-1, 1], more than 200
   * @return float32 {@code [windows, num_mel_bins, 3000]}
   */
  public NDArray features(NDManager manager, float[] wave) {
    NDList windows = new NDList();
    for (int from : windowStarts(wave.length)) {
      int to = Math.min(wave.length, from + features.windowSamples());
      windows.add(features.features(manager, Arrays.copyOfRange(wave, from, to)));
    }
    return NDArrays.concat(windows, 0);
  }

  /**
   * Decodes the encoder's states of every window of {@link #features}.
   *
   * @param states {@code [windows, 1500, d_model]}
   * @param samples the length of the waveform the features came from, in samples
   * @return the text, the tokens and, with {@link Builder#optSegments}, the segments
   */
  public WhisperTranscript decode(NDArray states, int samples) {
    int[] starts = windowStarts(samples);
    checkArgument(
        states.getShape().get(0) == starts.length,
        "%s samples make %s windows, got states %s",
        samples,
        starts.length,
        states.getShape());
    Joined joined = new Joined();
    for (int w = 0; w < starts.length; w++) {
      int to = Math.min(samples, starts[w] + features.windowSamples());
      joined.add(decodeWindow(states.get(w).expandDims(0)), starts[w], to);
    }
    return joined.transcript();
  }

  /**
   * The first sample of every window: every window's length (30 s), but for a last one of 200
   * samples or fewer.
   */
  private int[] windowStarts(int samples) {
    checkArgument(
        samples >= WhisperFeatures.MIN_SAMPLES, "need more than 200 samples, got %s", samples);
    int window = features.windowSamples();
    int count = (samples - WhisperFeatures.MIN_SAMPLES) / window + 1;
    int[] starts = new int[count];
    for (int w = 0; w < count; w++) {
      starts[w] = w * window;
    }
    return starts;
  }

  /** The generated ids of one window, without the prompt and the end token. */
  private long[] decodeWindow(NDArray states) {
    return generated(decoding.decode(states, maxNewTokens));
  }

  /** A decoded window's ids without the prompt and the end token. */
  private long[] generated(long[] ids) {
    WhisperGenerationConfig rules = decoding.rules();
    int end = ids.length;
    if (end > rules.prompt().length && ids[end - 1] == rules.eosTokenId()) {
      end--;
    }
    return Arrays.copyOfRange(ids, rules.prompt().length, end);
  }

  /** The windows' tokens and segments, joined in order. */
  private final class Joined {
    private final List<Long> tokens = new ArrayList<>();
    private final List<WhisperSegment> segments = new ArrayList<>();

    void add(long[] window, int from, int to) {
      tokens.addAll(Longs.asList(window));
      if (timestamps) {
        segments.addAll(
            WhisperSegment.split(
                window,
                tokenizer,
                from / (double) WhisperFeatures.SAMPLE_RATE,
                to / (double) WhisperFeatures.SAMPLE_RATE));
      }
    }

    WhisperTranscript transcript() {
      return new WhisperTranscript(tokenizer.decode(Longs.toArray(tokens), true), tokens, segments);
    }
  }

  /** Builds a {@link WhisperTranscriber}. */
  public static final class Builder {
    private WhisperDecoding decoding;
    private WhisperTokenizer tokenizer;
    private int maxNewTokens = MAX_NEW_TOKENS;
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
