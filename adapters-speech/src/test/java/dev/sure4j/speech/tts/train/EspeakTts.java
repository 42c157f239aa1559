package dev.sure4j.speech.tts.train;

import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsDataset;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.nio.file.Path;

/**
 * The committed espeak corpus written to a directory and featurised for the tiny FastSpeech 2
 * (character front end, FastSpeech 2 mel, one speaker): its training set, the set's feature
 * statistics, and the tiny model config for its vocabulary.
 */
record EspeakTts(TtsDataset data, FeatureStats stats, FastSpeechConfig config) {

  /** Writes the corpus under {@code dir/espeak} and featurises its training split. */
  static EspeakTts write(Path dir) throws Exception {
    TtsCorpus corpus = EspeakCorpus.write(dir, "espeak");
    TextEncoder text =
        TextEncoder.fromTexts(
            new CharacterFrontEnd(), corpus.train().stream().map(u -> u.text()).toList());
    TtsDataset data =
        TtsDataset.compute(TtsFeaturizer.of(MelConfig.fastspeech2(), text), corpus.train(), u -> 0);
    return new EspeakTts(
        data,
        FeatureStats.of(data.features()),
        FastSpeechConfig.tiny(text.vocabulary().size(), 80, 1));
  }
}
