package dev.sure4j.speech.tts;

/**
 * Builds a {@link FastSpeechConfig} ({@link FastSpeechConfig#builder()}); only the vocabulary size
 * is required, every other value defaults to the SURE reference (ming024's {@code model.yaml}).
 */
public final class FastSpeechConfigBuilder {
  private int vocabSize;
  private int hidden = 256;
  private int heads = 2;
  private int encoderLayers = 4;
  private int decoderLayers = 6;
  private int ffnFilter = 1024;
  private int ffnKernel = 9;
  private float dropout = 0.2f;
  private int melBins = 80;
  private int predictorFilter = 256;
  private int predictorKernel = 3;
  private float predictorDropout = 0.5f;
  private int pitchBins = 256;
  private int energyBins = 256;
  private ValueRange pitchRange = new ValueRange(-4, 4);
  private ValueRange energyRange = new ValueRange(-4, 4);
  private int postnetLayers = 5;
  private int postnetChannels = 512;
  private int postnetKernel = 5;
  private int speakers = 1;
  private int maxPositions = 1000;

  FastSpeechConfigBuilder() {}

  /**
   * Sets the token table size (required).
   *
   * @param vocabSize tokens, padding (0) included
   * @return this builder
   */
  public FastSpeechConfigBuilder setVocabSize(int vocabSize) {
    this.vocabSize = vocabSize;
    return this;
  }

  /**
   * Sets the hidden size {@code D} (default 256).
   *
   * @param hidden {@code D}
   * @return this builder
   */
  public FastSpeechConfigBuilder optHidden(int hidden) {
    this.hidden = hidden;
    return this;
  }

  /**
   * Sets the layer counts (default 4 and 6).
   *
   * @param encoder FFT blocks in the encoder
   * @param decoder FFT blocks in the decoder
   * @return this builder
   */
  public FastSpeechConfigBuilder optLayers(int encoder, int decoder) {
    this.encoderLayers = encoder;
    this.decoderLayers = decoder;
    return this;
  }

  /**
   * Sets the FFN's inner width and first kernel (default 1024 and 9).
   *
   * @param filter the inner width
   * @param kernel the first convolution's kernel, odd
   * @return this builder
   */
  public FastSpeechConfigBuilder optFfn(int filter, int kernel) {
    this.ffnFilter = filter;
    this.ffnKernel = kernel;
    return this;
  }

  /**
   * Sets the dropout rates (default 0.2 in the FFT blocks, 0.5 in the predictors).
   *
   * @param blocks the FFT blocks' rate
   * @param predictors the variance predictors' rate
   * @return this builder
   */
  public FastSpeechConfigBuilder optDropout(float blocks, float predictors) {
    this.dropout = blocks;
    this.predictorDropout = predictors;
    return this;
  }

  /**
   * Sets the mel bin count (default 80).
   *
   * @param melBins mel bins
   * @return this builder
   */
  public FastSpeechConfigBuilder optMelBins(int melBins) {
    this.melBins = melBins;
    return this;
  }

  /**
   * Sets the variance predictors' width and kernel (default 256 and 3).
   *
   * @param filter channels
   * @param kernel the convolutions' kernel, odd
   * @return this builder
   */
  public FastSpeechConfigBuilder optPredictor(int filter, int kernel) {
    this.predictorFilter = filter;
    this.predictorKernel = kernel;
    return this;
  }

  /**
   * Sets the quantisation bin counts (default 256 each).
   *
   * @param pitch pitch bins
   * @param energy energy bins
   * @return this builder
   */
  public FastSpeechConfigBuilder optBins(int pitch, int energy) {
    this.pitchBins = pitch;
    this.energyBins = energy;
    return this;
  }

  /**
   * Sets the quantisation ranges (default {@code [-4, 4]} each, as z-scores).
   *
   * @param pitch the pitch range
   * @param energy the energy range
   * @return this builder
   */
  public FastSpeechConfigBuilder optRanges(ValueRange pitch, ValueRange energy) {
    this.pitchRange = pitch;
    this.energyRange = energy;
    return this;
  }

  /**
   * Sets the postnet (default 5 layers, 512 channels, kernel 5).
   *
   * @param layers convolutions
   * @param channels inner channels
   * @param kernel kernel, odd
   * @return this builder
   */
  public FastSpeechConfigBuilder optPostnet(int layers, int channels, int kernel) {
    this.postnetLayers = layers;
    this.postnetChannels = channels;
    this.postnetKernel = kernel;
    return this;
  }

  /**
   * Sets the speaker table size (default 1).
   *
   * @param speakers speakers
   * @return this builder
   */
  public FastSpeechConfigBuilder optSpeakers(int speakers) {
    this.speakers = speakers;
    return this;
  }

  /**
   * Sets the longest sequence (default 1000).
   *
   * @param maxPositions tokens or frames
   * @return this builder
   */
  public FastSpeechConfigBuilder optMaxPositions(int maxPositions) {
    this.maxPositions = maxPositions;
    return this;
  }

  /**
   * Builds and validates the config.
   *
   * @return the config
   */
  public FastSpeechConfig build() {
    return new FastSpeechConfig(
        vocabSize,
        hidden,
        heads,
        encoderLayers,
        decoderLayers,
        ffnFilter,
        ffnKernel,
        dropout,
        melBins,
        predictorFilter,
        predictorKernel,
        predictorDropout,
        pitchBins,
        energyBins,
        pitchRange,
        energyRange,
        postnetLayers,
        postnetChannels,
        postnetKernel,
        speakers,
        maxPositions);
  }
}
