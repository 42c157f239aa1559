package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.nn.TransformerLayerConfig;

/**
 * The geometry of a FastSpeech 2 acoustic model, with the field of ming024's {@code model.yaml}
 * each value corresponds to. Defaults (see {@link #builder()}) are the SURE reference values, which
 * are ming024's.
 *
 * @param vocabSize the token table size ({@code len(symbols) + 1}), token 0 being padding
 * @param hidden {@code transformer.encoder_hidden} = {@code decoder_hidden}, {@code D} (256)
 * @param heads {@code encoder_head} = {@code decoder_head} (2); divides {@code D}
 * @param encoderLayers {@code encoder_layer} (4)
 * @param decoderLayers {@code decoder_layer} (6)
 * @param ffnFilter {@code conv_filter_size} (1024): the FFN's inner width
 * @param ffnKernel {@code conv_kernel_size[0]} (9): the first FFN convolution's kernel; the second
 *     has kernel 1
 * @param dropout {@code encoder_dropout} = {@code decoder_dropout} (0.2), on attention
 *     probabilities and block outputs
 * @param melBins {@code n_mel_channels} (80)
 * @param predictorFilter {@code variance_predictor.filter_size} (256)
 * @param predictorKernel {@code variance_predictor.kernel_size} (3), odd
 * @param predictorDropout {@code variance_predictor.dropout} (0.5)
 * @param pitchBins {@code variance_embedding.n_bins} for pitch (256)
 * @param energyBins {@code variance_embedding.n_bins} for energy (256)
 * @param pitchRange the quantisation range of pitch, as z-scores (ming024 reads it from {@code
 *     stats.json}; default {@code [-4, 4]})
 * @param energyRange the quantisation range of energy, as z-scores (default {@code [-4, 4]})
 * @param postnetLayers the postnet's convolution count (5)
 * @param postnetChannels {@code postnet_embedding_dim} (512)
 * @param postnetKernel {@code postnet_kernel_size} (5), odd
 * @param speakers the speaker table size ({@code n_speaker}), 1 for a single voice
 * @param maxPositions {@code max_seq_len} (1000): the longest token or frame sequence
 */
public record FastSpeechConfig(
    int vocabSize,
    int hidden,
    int heads,
    int encoderLayers,
    int decoderLayers,
    int ffnFilter,
    int ffnKernel,
    float dropout,
    int melBins,
    int predictorFilter,
    int predictorKernel,
    float predictorDropout,
    int pitchBins,
    int energyBins,
    ValueRange pitchRange,
    ValueRange energyRange,
    int postnetLayers,
    int postnetChannels,
    int postnetKernel,
    int speakers,
    int maxPositions) {

  /** Layer-norm epsilon of every layer norm, PyTorch's default. */
  public static final float LAYER_NORM_EPS = 1e-5f;

  /** Validates the values. */
  public FastSpeechConfig {
    checkArgument(vocabSize > 1, "vocabulary size must be > 1 (0 is padding): %s", vocabSize);
    checkArgument(
        hidden > 0 && heads > 0 && hidden % heads == 0,
        "hidden size %s must be a positive multiple of the head count %s",
        hidden,
        heads);
    checkArgument(
        encoderLayers > 0 && decoderLayers > 0,
        "layer counts must be > 0: encoder %s, decoder %s",
        encoderLayers,
        decoderLayers);
    checkArgument(ffnFilter > 0, "conv_filter_size must be > 0: %s", ffnFilter);
    checkOdd("conv_kernel_size", ffnKernel);
    checkRate("dropout", dropout);
    checkArgument(melBins > 0, "n_mel_channels must be > 0: %s", melBins);
    checkArgument(predictorFilter > 0, "predictor filter_size must be > 0: %s", predictorFilter);
    checkOdd("predictor kernel_size", predictorKernel);
    checkRate("predictor dropout", predictorDropout);
    checkArgument(
        pitchBins > 1 && energyBins > 1,
        "n_bins must be > 1: pitch %s, energy %s",
        pitchBins,
        energyBins);
    checkArgument(pitchRange != null && energyRange != null, "pitch and energy ranges are needed");
    checkArgument(postnetLayers >= 2, "postnet needs >= 2 layers: %s", postnetLayers);
    checkArgument(postnetChannels > 0, "postnet_embedding_dim must be > 0: %s", postnetChannels);
    checkOdd("postnet_kernel_size", postnetKernel);
    checkArgument(speakers > 0, "speaker table size must be > 0: %s", speakers);
    checkArgument(maxPositions > 0, "max_seq_len must be > 0: %s", maxPositions);
  }

  private static void checkOdd(String name, int k) {
    checkArgument(k > 0 && k % 2 == 1, "%s must be odd for 'same' padding: %s", name, k);
  }

  private static void checkRate(String name, float rate) {
    checkArgument(rate >= 0 && rate < 1, "%s must be in [0, 1): %s", name, rate);
  }

  /**
   * Returns the geometry of one FFT block: post-LN, ReLU, dropout on attention probabilities and on
   * the attention output.
   *
   * @return the transformer layer config
   */
  public TransformerLayerConfig layerConfig() {
    return new TransformerLayerConfig(
        hidden,
        heads,
        ffnFilter,
        false,
        LAYER_NORM_EPS,
        AdapterActivation.RELU,
        dropout,
        dropout,
        0);
  }

  /**
   * Returns a builder with the SURE reference defaults; the vocabulary size is required.
   *
   * @return a builder
   */
  public static FastSpeechConfigBuilder builder() {
    return new FastSpeechConfigBuilder();
  }

  /**
   * Returns a small model for tests: {@code D = 32}, 2 heads, 2 + 2 layers, FFN 64 with kernel 3, 8
   * mel bins, predictors of width 32 and kernel 3, 16 bins, a 3-layer postnet of 16 channels, 3
   * speakers, no dropout.
   *
   * @param vocabSize the token table size
   * @return the config
   */
  public static FastSpeechConfig tiny(int vocabSize) {
    return tiny(vocabSize, 8, 3);
  }

  /**
   * Returns the small model of {@link #tiny(int)} with another mel size and speaker table, for
   * training on real features in tests and demos.
   *
   * @param vocabSize the token table size
   * @param melBins mel bins (80 for {@code MelConfig.fastspeech2()})
   * @param speakers the speaker table size
   * @return the config
   */
  public static FastSpeechConfig tiny(int vocabSize, int melBins, int speakers) {
    return builder()
        .setVocabSize(vocabSize)
        .optHidden(32)
        .optLayers(2, 2)
        .optFfn(64, 3)
        .optDropout(0, 0)
        .optMelBins(melBins)
        .optPredictor(32, 3)
        .optBins(16, 16)
        .optPostnet(3, 16, 5)
        .optSpeakers(speakers)
        .build();
  }

  /**
   * Returns the geometry of the bundled base model ({@code models/mini-tts}): {@code D = 64}, 2
   * heads, 3 + 3 layers, FFN 256 with kernel 9 (ming024's kernel), dropout 0.1 in the blocks and
   * 0.3 in the predictors, predictors of width 64 and kernel 3, 64 pitch and energy bins, a 5-layer
   * postnet of 64 channels; small enough to train on two CPU cores in under an hour.
   *
   * @param vocabSize the token table size
   * @param melBins mel bins (80 for {@code MelConfig.fastspeech2()})
   * @param speakers the speaker table size
   * @return the config
   */
  public static FastSpeechConfig small(int vocabSize, int melBins, int speakers) {
    return builder()
        .setVocabSize(vocabSize)
        .optHidden(64)
        .optLayers(3, 3)
        .optFfn(256, 9)
        .optDropout(0.1f, 0.3f)
        .optMelBins(melBins)
        .optPredictor(64, 3)
        .optBins(64, 64)
        .optPostnet(5, 64, 5)
        .optSpeakers(speakers)
        .build();
  }
}
