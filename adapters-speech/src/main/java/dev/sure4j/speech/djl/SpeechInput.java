package dev.sure4j.speech.djl;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.modality.audio.Audio;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a translator input becomes the model's waveform: an audio file ({@link Path}), a DJL {@link
 * Audio}, or mono samples ({@code float[]}) at the backbone's sampling rate. Each goes through the
 * backbone's {@link AudioPipeline} (downmix, resampling, length check, normalisation), exactly as
 * {@code SpeechSession.predict} prepares a file.
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface SpeechInput<I> {

  /** The supported input types. */
  List<Class<?>> TYPES = List.of(Path.class, Audio.class, float[].class);

  /**
   * Prepares one input.
   *
   * @param input the input
   * @param pipeline the backbone's pipeline
   * @return samples [samples] at the pipeline's rate, mono, normalised if {@code do_normalize}
   * @throws IOException when a file cannot be read or the clip is too short (the message names the
   *     file)
   */
  float[] waveform(I input, AudioPipeline pipeline) throws IOException;

  /**
   * Returns the conversion for an input type.
   *
   * @param type {@link Path}, {@link Audio} or {@code float[]}
   * @param <I> the input type
   * @return the conversion
   * @throws IllegalArgumentException for another type, listing the supported ones
   */
  static <I> SpeechInput<I> forType(Class<I> type) {
    Map<Class<?>, SpeechInput<?>> known =
        Map.of(
            Path.class,
            (SpeechInput<Path>) (file, pipeline) -> pipeline.load(file),
            Audio.class,
            (SpeechInput<Audio>)
                (audio, pipeline) -> pipeline.process(clip(audio, pipeline), "audio"),
            float[].class,
            (SpeechInput<float[]>)
                (samples, pipeline) ->
                    pipeline.process(
                        AudioClip.mono(samples, pipeline.config().samplingRate()), "samples"));
    SpeechInput<?> input = known.get(type);
    checkArgument(
        input != null,
        "unsupported input type %s: use %s",
        type == null ? null : type.getName(),
        TYPES.stream().map(Class::getSimpleName).toList());
    @SuppressWarnings("unchecked")
    SpeechInput<I> typed = (SpeechInput<I>) input;
    return typed;
  }

  /**
   * Reads a DJL {@link Audio}: its data holds the channels interleaved frame by frame; a sample
   * rate of 0 (the one-argument constructor) means the backbone's rate, 0 channels means mono.
   */
  private static AudioClip clip(Audio audio, AudioPipeline pipeline) {
    float[] data = audio.getData();
    int channels = Math.max(1, audio.getChannels());
    float rate = audio.getSampleRate();
    int hz = rate > 0 ? Math.round(rate) : pipeline.config().samplingRate();
    checkArgument(
        rate <= 0 || hz == rate, "audio sample rate must be a whole number of Hz: %s", rate);
    checkArgument(
        data.length % channels == 0,
        "audio of %s interleaved channels has %s samples, not a multiple of %s",
        channels,
        data.length,
        channels);
    float[][] split = new float[channels][data.length / channels];
    for (int i = 0; i < data.length; i++) {
      split[i % channels][i / channels] = data[i];
    }
    return AudioClip.of(split, hz);
  }
}
