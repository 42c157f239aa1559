package dev.sure4j.speech.tts.infer;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.speech.synthesis.GriffinLim;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.FastSpeechInput;
import dev.sure4j.speech.tts.FastSpeechModel;
import dev.sure4j.speech.tts.FastSpeechOutput;
import dev.sure4j.speech.tts.LengthRegulator;
import dev.sure4j.speech.tts.text.TextEncoder;
import dev.sure4j.speech.vocoder.HifiGan;
import java.util.Optional;

/**
 * Text to speech with a trained model: text, token ids ({@link TextEncoder}), the model in
 * inference mode (predicted durations, pitch and energy), the refined log-mel spectrogram, and a
 * waveform from {@link GriffinLim} or a {@link HifiGan} vocoder.
 *
 * @param model the acoustic model, adapters attached and active if any
 * @param text the text encoder it was trained with
 * @param mel the features it predicts
 * @param durationScale the pace: predicted durations are multiplied by it before rounding (above 1
 *     speaks slower; see {@link FastSpeechInput#durationScale()})
 */
public record TtsSynthesizer(
    FastSpeechModel model, TextEncoder text, MelConfig mel, double durationScale) {

  /**
   * Creates a synthesizer at the model's own pace.
   *
   * @param model the acoustic model
   * @param text the text encoder
   * @param mel the features it predicts
   */
  public TtsSynthesizer(FastSpeechModel model, TextEncoder text, MelConfig mel) {
    this(model, text, mel, 1.0);
  }

  /** Validates that the model predicts the features and the pace. */
  public TtsSynthesizer {
    checkArgument(
        Double.isFinite(durationScale) && durationScale > 0,
        "the duration scale must be finite and > 0: %s",
        durationScale);
    checkArgument(
        model.config().melBins() == mel.nMels(),
        "the model predicts %s mel bins but the features have %s",
        model.config().melBins(),
        mel.nMels());
  }

  /**
   * Predicts the log-mel spectrogram of a text.
   *
   * @param manager where the arrays live (the result is copied out)
   * @param sentence the text
   * @param speaker the speaker id, in {@code [0, speakers)}
   * @return log-mel {@code [nMels * frames]}, C order of {@code [nMels, frames]}
   * @throws IllegalArgumentException for an empty text, a bad speaker, or when the model predicts
   *     fewer than 4 frames
   */
  public float[] logMel(NDManager manager, String sentence, int speaker) {
    return predict(manager, sentence, speaker).logMel();
  }

  /**
   * Predicts the log-mel spectrogram of a text with the pitch the model used for each frame.
   *
   * @param manager where the arrays live (the result is copied out)
   * @param sentence the text
   * @param speaker the speaker id, in {@code [0, speakers)}
   * @return the prediction
   * @throws IllegalArgumentException for an empty text, a bad speaker, or when the model predicts
   *     fewer than 4 frames
   */
  public TtsPrediction predict(NDManager manager, String sentence, int speaker) {
    checkArgument(
        speaker >= 0 && speaker < model.config().speakers(),
        "speaker %s is outside [0, %s)",
        speaker,
        model.config().speakers());
    int[] tokens = text.encode(sentence);
    checkArgument(tokens.length > 0, "'%s' has no symbol to speak", sentence);
    try (NDManager m = manager.newSubManager()) {
      FastSpeechInput in =
          new FastSpeechInput(
              m.create(tokens, new Shape(1, tokens.length)),
              LengthRegulator.mask(m, new int[] {tokens.length}, tokens.length),
              m.create(new int[] {speaker}),
              Optional.empty(),
              durationScale);
      FastSpeechOutput out = model.forward(new ParameterStore(m, false), in, false);
      NDArray refined = out.postnetMel().get(0); // [frames, nMels]
      int frames = (int) refined.size(0);
      checkArgument(
          frames >= 4,
          "the model predicted %s frames for '%s': too few to vocode (is it trained?)",
          frames,
          sentence);
      float[] pitch = out.pitch().get(0).toType(DataType.FLOAT32, false).toFloatArray();
      int[] durations = out.durations().get(0).toType(DataType.INT32, false).toIntArray();
      return new TtsPrediction(
          refined.transpose(1, 0).toFloatArray(), byFrame(pitch, durations, frames));
    }
  }

  /** Repeats each token's value over its frames: {@code [T]} and durations to {@code [frames]}. */
  private static float[] byFrame(float[] perToken, int[] durations, int frames) {
    float[] out = new float[frames];
    int t = 0;
    for (int i = 0; i < perToken.length && t < frames; i++) {
      for (int k = 0; k < durations[i] && t < frames; k++) {
        out[t++] = perToken[i];
      }
    }
    return out;
  }

  /**
   * Speaks a text.
   *
   * @param manager where the arrays live
   * @param sentence the text
   * @param speaker the speaker id
   * @param vocoder a HiFi-GAN for the same features, or empty for Griffin-Lim (32 iterations)
   * @return samples at {@link MelConfig#sampleRate()}
   */
  public float[] speak(NDManager manager, String sentence, int speaker, Optional<HifiGan> vocoder) {
    return vocode(manager, logMel(manager, sentence, speaker), vocoder);
  }

  /**
   * Returns this synthesizer at another pace.
   *
   * @param scale the duration scale, finite and {@code > 0}
   * @return a synthesizer with the same model, text encoder and features
   */
  public TtsSynthesizer withDurationScale(double scale) {
    return new TtsSynthesizer(model, text, mel, scale);
  }

  /**
   * Turns a predicted log-mel spectrogram into a waveform.
   *
   * @param manager where the arrays live
   * @param logMel log-mel {@code [nMels * frames]}, C order of {@code [nMels, frames]} ({@link
   *     TtsPrediction#logMel()})
   * @param vocoder a HiFi-GAN for the same features, or empty for Griffin-Lim (32 iterations)
   * @return samples at {@link MelConfig#sampleRate()}
   */
  public float[] vocode(NDManager manager, float[] logMel, Optional<HifiGan> vocoder) {
    if (vocoder.isEmpty()) {
      return GriffinLim.of(mel).vocode(manager, logMel);
    }
    HifiGan gan = vocoder.get();
    checkArgument(
        gan.config().numMels() == mel.nMels() && gan.config().samplingRate() == mel.sampleRate(),
        "the vocoder takes %s mels at %s Hz but the model predicts %s mels at %s Hz",
        gan.config().numMels(),
        gan.config().samplingRate(),
        mel.nMels(),
        mel.sampleRate());
    try (NDManager m = manager.newSubManager()) {
      int frames = logMel.length / mel.nMels();
      return gan.vocode(m.create(logMel, new Shape(1, mel.nMels(), frames))).toFloatArray();
    }
  }
}
