package dev.sure4j.speech.djl;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.tasks.SpeechTask;
import java.util.List;
import java.util.function.Function;

/**
 * A DJL {@link Translator} for one task adapter on a speech backbone: audio in ({@link
 * SpeechInput}), the task's answer out ({@link SpeechOutputs}).
 *
 * <p>{@link #processInput} gives the model a batch of one: the waveform {@code [1, samples]}
 * (float32, at the backbone's rate) and its length {@code [1]} (int64). {@code
 * Predictor.batchPredict} pads several with {@link PaddingBatchifier} into {@code [batch,
 * maxSamples]} and {@code [batch]}, and the encoder masks the padding, so a batch answers as its
 * utterances would one at a time (within float rounding). An adapter whose outputs depend on the
 * padding (the convolutional adapter averages over every frame, as the SURE reference does) gets no
 * batchifier, and {@code batchPredict} then runs one utterance per pass.
 *
 * <p>The model's outputs are read by {@link Predictions#read}, as {@code SpeechSession} and the
 * adapter server read them.
 *
 * @param <I> the input: {@link java.nio.file.Path}, {@link ai.djl.modality.audio.Audio} or {@code
 *     float[]}
 * @param <O> the output: {@link ai.djl.modality.Classifications}, {@link String}, {@link
 *     dev.sure4j.speech.serving.IntentPrediction} or {@link Prediction}
 */
public final class SpeechTranslator<I, O> implements Translator<I, O> {

  private final SpeechTask task;
  private final AudioPipeline pipeline;
  private final SpeechInput<I> input;
  private final Function<Prediction, O> output;
  private final Batchifier batchifier;

  private SpeechTranslator(Builder b, SpeechInput<I> input, Function<Prediction, O> output) {
    this.task = b.task;
    this.pipeline = b.pipeline;
    this.input = input;
    this.output = output;
    this.batchifier = b.padBatches ? new PaddingBatchifier(pipeline.config().paddingValue()) : null;
  }

  /**
   * Returns a new builder.
   *
   * @return a builder; the task and the pipeline are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the task whose answers this translator reads.
   *
   * @return the adapter's task
   */
  public SpeechTask task() {
    return task;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, I in) throws Exception {
    float[] w = input.waveform(in, pipeline);
    NDManager m = ctx.getNDManager();
    return new NDList(m.create(w, new Shape(1, w.length)), m.create(new long[] {w.length}));
  }

  @Override
  public O processOutput(TranslatorContext ctx, NDList list) {
    return output.apply(Predictions.read(task, list).get(0));
  }

  @Override
  public List<O> batchProcessOutput(TranslatorContext ctx, NDList list) {
    return Predictions.read(task, list).stream().map(output).toList();
  }

  /**
   * Returns the batchifier: padding, or none for an adapter whose outputs depend on the padding.
   *
   * @return a {@link PaddingBatchifier}, or null (DJL then predicts one input per pass)
   */
  @Override
  public Batchifier getBatchifier() {
    return batchifier;
  }

  /** Builds a {@link SpeechTranslator}. */
  public static final class Builder {
    private SpeechTask task;
    private AudioPipeline pipeline;
    private boolean padBatches = true;

    private Builder() {}

    /**
     * Sets the adapter's task (from its {@code task.json}).
     *
     * @param task the task
     * @return this builder
     */
    public Builder setTask(SpeechTask task) {
      this.task = task;
      return this;
    }

    /**
     * Sets the backbone's audio pipeline.
     *
     * @param pipeline the pipeline
     * @return this builder
     */
    public Builder setPipeline(AudioPipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /**
     * Says whether {@code batchPredict} may pad utterances into one pass.
     *
     * @param v false for an adapter whose outputs depend on the padding (default true)
     * @return this builder
     */
    public Builder optPadBatches(boolean v) {
      this.padBatches = v;
      return this;
    }

    /**
     * Builds the translator.
     *
     * @param inputType {@link java.nio.file.Path}, {@link ai.djl.modality.audio.Audio} or {@code
     *     float[]}
     * @param outputType the task form's output type or {@link Prediction}
     * @param <I> the input type
     * @param <O> the output type
     * @return the translator
     * @throws IllegalArgumentException for a missing task or pipeline, or a type that does not fit
     */
    public <I, O> SpeechTranslator<I, O> build(Class<I> inputType, Class<O> outputType) {
      checkArgument(task != null, "a speech translator needs the adapter's task");
      checkArgument(pipeline != null, "a speech translator needs the backbone's audio pipeline");
      return new SpeechTranslator<>(
          this, SpeechInput.forType(inputType), SpeechOutputs.forType(outputType, task));
    }
  }
}
