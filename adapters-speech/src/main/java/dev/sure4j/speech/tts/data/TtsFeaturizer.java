package dev.sure4j.speech.tts.data;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.tts.pitch.FrameEnergy;
import dev.sure4j.speech.tts.pitch.PitchFeatures;
import dev.sure4j.speech.tts.pitch.PitchTrack;
import dev.sure4j.speech.tts.pitch.Yin;
import dev.sure4j.speech.tts.pitch.YinConfig;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.io.IOException;

/**
 * Turns an utterance into its training features: the text into token ids ({@link TextEncoder}), the
 * audio (downmixed and resampled to the mel rate) into a log-mel spectrogram ({@link
 * MelSpectrogram}), {@code ln F0} per mel frame ({@link Yin} with the mel's frame length and hop,
 * 60-800 Hz, interpolated over unvoiced frames) and energy per mel frame ({@link FrameEnergy}). All
 * three share the centred frames of the mel, so frame {@code i} of each describes the same samples.
 *
 * @param mel the mel features, for example {@link MelConfig#fastspeech2()}
 * @param text the text encoder
 * @param audio the audio loader
 */
public record TtsFeaturizer(MelConfig mel, TextEncoder text, AudioLoader audio) {

  /**
   * Creates a featurizer with the standard audio loader.
   *
   * @param mel the mel features
   * @param text the text encoder
   * @return the featurizer
   */
  public static TtsFeaturizer of(MelConfig mel, TextEncoder text) {
    return new TtsFeaturizer(mel, text, AudioLoader.standard());
  }

  /**
   * Returns the pitch tracker's settings: the mel's rate, frame length ({@code n_fft}) and hop, F0
   * in 60-800 Hz, threshold 0.1.
   *
   * @return the YIN settings
   */
  public YinConfig yin() {
    YinConfig t = YinConfig.tts();
    return new YinConfig(
        mel.sampleRate(), mel.nFft(), mel.hopLength(), t.fMin(), t.fMax(), t.threshold());
  }

  /**
   * Computes the features of one utterance.
   *
   * @param manager the manager for intermediate arrays (closed before returning)
   * @param u the utterance
   * @param speaker its speaker id
   * @return the features
   * @throws IOException when the audio cannot be read
   * @throws IllegalArgumentException naming the file when the audio is shorter than its tokens
   */
  public UtteranceFeatures compute(NDManager manager, TtsUtterance u, int speaker)
      throws IOException {
    MelSpectrogram spectrogram = MelSpectrogram.of(mel);
    float[] wave = spectrogram.prepare(audio.load(u.audio()));
    float[] byBin = spectrogram.logMel(manager, wave);
    int frames = byBin.length / mel.nMels();
    float[] byFrame = new float[byBin.length];
    for (int b = 0; b < mel.nMels(); b++) {
      for (int t = 0; t < frames; t++) {
        byFrame[t * mel.nMels() + b] = byBin[b * frames + t];
      }
    }
    PitchTrack track = Yin.track(wave, yin());
    float[] f0 = PitchFeatures.interpolated(track);
    float[] logPitch = f0.length > 0 && f0[0] > 0 ? PitchFeatures.log(f0) : new float[f0.length];
    float[] energy = FrameEnergy.compute(wave, mel.nFft(), mel.hopLength());
    int[] tokens = text.encode(u.text());
    try {
      return new UtteranceFeatures(tokens, byFrame, mel.nMels(), logPitch, energy, speaker);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(u.audio() + ": " + e.getMessage(), e);
    }
  }
}
