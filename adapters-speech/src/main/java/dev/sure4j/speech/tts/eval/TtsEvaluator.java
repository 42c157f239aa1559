package dev.sure4j.speech.tts.eval;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.Mcd;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.tts.infer.TtsPrediction;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.pitch.PitchTrack;
import dev.sure4j.speech.tts.pitch.Yin;
import java.io.IOException;
import java.util.List;

/**
 * Measures a model on test utterances: for each, the log-mel and YIN track of the recording (the
 * training features' settings) against the model's predicted log-mel and pitch for its text.
 *
 * @param synth the model with its text encoder and mel features
 * @param stats the model's {@code ln F0} statistics, to turn its pitch into Hz
 */
public record TtsEvaluator(TtsSynthesizer synth, FeatureStats stats) {

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
      double mcd =
          Mcd.ofCepstra(Mcd.cepstra(reference, bins), Mcd.cepstra(predicted.logMel(), bins));
      PitchTrack track = Yin.track(wave, features.yin());
      acc.add(mcd, track.f0(), track.voiced(), predicted.f0Hz(stats.pitchMean(), stats.pitchStd()));
    }
    return acc.result();
  }
}
