package dev.sure4j.speech.djl;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import dev.sure4j.speech.whisper.WhisperTranscript;
import java.util.function.Function;

/**
 * A DJL translator for Whisper: audio in ({@link SpeechInput}: a file, a DJL {@code Audio} or 16
 * kHz samples, through {@link WhisperFeatures#pipeline}), the transcript out ({@link String}, or
 * the {@link WhisperTranscript} with its tokens and segments).
 *
 * <p>The model's block is the Whisper encoder ({@code WhisperModel.encoder()}): {@link
 * #processInput} gives it the features of every 30 s window {@code [windows, num_mel_bins, 3000]}
 * in one pass, and {@link #processOutput} decodes its states {@code [windows, 1500, d_model]} with
 * the transcriber's decoding strategy, window by window.
 *
 * @param <I> the input: {@link java.nio.file.Path}, {@link ai.djl.modality.audio.Audio} or {@code
 *     float[]}
 * @param <O> the output: {@link String} or {@link WhisperTranscript}
 */
public final class WhisperTranslator<I, O> implements NoBatchifyTranslator<I, O> {

  private static final String SAMPLES = "whisper.samples";

  private final WhisperTranscriber transcriber;
  private final AudioPipeline pipeline;
  private final SpeechInput<I> input;
  private final Function<WhisperTranscript, O> output;

  private WhisperTranslator(
      WhisperTranscriber transcriber,
      AudioPipeline pipeline,
      SpeechInput<I> input,
      Function<WhisperTranscript, O> output) {
    this.transcriber = transcriber;
    this.pipeline = pipeline;
    this.input = input;
    this.output = output;
  }

  /**
   * Creates a translator that reads audio within the default {@link InputLimits}.
   *
   * @param transcriber the decoding strategy, tokenizer and limits
   * @param inputType {@link java.nio.file.Path}, {@link ai.djl.modality.audio.Audio} or {@code
   *     float[]}
   * @param outputType {@link String} or {@link WhisperTranscript}
   * @param <I> the input type
   * @param <O> the output type
   * @return the translator
   * @throws IllegalArgumentException for a type that does not fit, naming the supported ones
   */
  public static <I, O> WhisperTranslator<I, O> of(
      WhisperTranscriber transcriber, Class<I> inputType, Class<O> outputType) {
    checkArgument(
        outputType == String.class || outputType == WhisperTranscript.class,
        "unsupported output type %s for Whisper: use String or WhisperTranscript",
        outputType == null ? null : outputType.getName());
    Function<WhisperTranscript, Object> read =
        outputType == String.class ? WhisperTranscript::text : t -> t;
    return new WhisperTranslator<>(
        transcriber,
        WhisperFeatures.pipeline(InputLimits.defaults()),
        SpeechInput.forType(inputType),
        read.andThen(outputType::cast));
  }

  @Override
  public NDList processInput(TranslatorContext ctx, I in) throws Exception {
    float[] wave = input.waveform(in, pipeline);
    ctx.setAttachment(SAMPLES, wave.length);
    return new NDList(transcriber.features(ctx.getNDManager(), wave));
  }

  @Override
  public O processOutput(TranslatorContext ctx, NDList list) {
    int samples = (Integer) ctx.getAttachment(SAMPLES);
    return output.apply(transcriber.decode(list.singletonOrThrow(), samples));
  }
}
