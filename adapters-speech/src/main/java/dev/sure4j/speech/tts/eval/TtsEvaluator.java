package dev.sure4j.speech.tts.eval;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.LogMelCepstralDistortion;
import dev.sure4j.speech.synthesis.Mcd;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.tts.infer.TtsPrediction;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.pitch.PitchTrack;
import dev.sure4j.speech.tts.pitch.Yin;
import dev.sure4j.speech.vocoder.HifiGan;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Measures a model on test utterances: for each, the recording's waveform, log-mel and YIN track
 * (the training features' settings) against the model's prediction for its text: the waveform
 * vocoded from the predicted log-mel (fairseq's {@link Mcd}), the predicted log-mel itself ({@link
 * LogMelCepstralDistortion}) and the predicted pitch.
 *
 * @param synth the model with its text encoder and mel features
 * @param stats the model's {@code ln F0} statistics, to turn its pitch into Hz
 * @param vocoder a HiFi-GAN for the model's features, or empty for Griffin-Lim (32 iterations)
 */
public record TtsEvaluator(TtsSynthesizer synth, FeatureStats stats, Optional<HifiGan> vocoder) {

  /**
   * Measures with Griffin-Lim as the vocoder.
   *
   * @param synth the model with its text encoder and mel features
   * @param stats the model's {@code ln F0} statistics
   */
  public TtsEvaluator(TtsSynthesizer synth, FeatureStats stats) {
    this(synth, stats, Optional.empty());
  }

  /**
   * Measures the model speaking every utterance as one speaker.
   *
   * @param manager where intermediate arrays live
   * @param utterances the test utterances
   * @param speaker the speaker id
   * @return the pooled measures (NaN when the model predicts too few frames for a text)
   * @throws IOException when a recording cannot be read
   */
  public TtsTestMetrics evaluate(NDManager manager, List<TtsUtterance> utterances, int speaker)
      throws IOException {
    MelSpectrogram spectrogram = MelSpectrogram.of(synth.mel());
    TtsFeaturizer features = TtsFeaturizer.of(synth.mel(), synth.text());
    int bins = synth.mel().nMels();
    Mcd mcd = Mcd.of(synth.mel().sampleRate());
    TtsMetricsAccumulator acc = new TtsMetricsAccumulator();
    for (TtsUtterance u : utterances) {
      float[] wave = spectrogram.prepare(AudioLoader.standard().load(u.audio()));
      float[] reference = spectrogram.logMel(manager, wave);
      TtsPrediction predicted;
      try {
        predicted = synth.predict(manager, u.text(), speaker);
      } catch (IllegalArgumentException e) {
        acc.addFailure(); // the model cannot speak it yet (too few predicted frames)
        break;
      }
      float[] spoken = synth.vocode(manager, predicted.logMel(), vocoder);
      double melDb =
          LogMelCepstralDistortion.ofCepstra(
              LogMelCepstralDistortion.cepstra(reference, bins),
              LogMelCepstralDistortion.cepstra(predicted.logMel(), bins));
      PitchTrack track = Yin.track(wave, features.yin());
      acc.add(
          mcd.compare(manager, wave, spoken),
          melDb,
          track.f0(),
          track.voiced(),
          predicted.f0Hz(stats.pitchMean(), stats.pitchStd()));
    }
    return acc.result();
  }
}
