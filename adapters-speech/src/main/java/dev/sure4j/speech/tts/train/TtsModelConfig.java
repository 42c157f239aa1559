package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.EspeakPhonemizer;
import dev.sure4j.speech.tts.text.TextFrontEnd;
import java.util.List;

/**
 * Everything a trained TTS model directory records besides its tensors ({@value
 * TtsModelFiles#CONFIG}): the geometry, the features, the text front end, the pitch and energy
 * statistics, the speakers and the provenance of the run.
 *
 * @param model the acoustic model's geometry
 * @param alignerWidth the alignment encoder's key and query width
 * @param mel the mel features the model predicts
 * @param frontEnd {@code characters}, or {@code phonemes:<espeak-ng voice>}
 * @param stats the pitch and energy z-score statistics of the training data
 * @param speakers speaker names by id
 * @param libraryVersion the sure4j version that trained it
 * @param data the training data spec
 * @param steps the training steps
 * @param seed the training seed
 */
public record TtsModelConfig(
    FastSpeechConfig model,
    int alignerWidth,
    MelConfig mel,
    String frontEnd,
    FeatureStats stats,
    List<String> speakers,
    String libraryVersion,
    String data,
    int steps,
    long seed) {

  /** Validates the values. */
  public TtsModelConfig {
    checkArgument(
        model.melBins() == mel.nMels(),
        "the model predicts %s mel bins but the features have %s",
        model.melBins(),
        mel.nMels());
    checkArgument(alignerWidth > 0, "aligner width must be > 0: %s", alignerWidth);
    speakers = List.copyOf(speakers);
    checkArgument(
        speakers.size() <= model.speakers(),
        "%s speakers do not fit the speaker table of %s",
        speakers.size(),
        model.speakers());
  }

  /**
   * Returns the text front end this model was trained with.
   *
   * @return the front end
   * @throws IllegalStateException when it needs espeak-ng and espeak-ng is not on the PATH
   */
  public TextFrontEnd textFrontEnd() {
    if (frontEnd.equals("characters")) {
      return new CharacterFrontEnd();
    }
    checkArgument(
        frontEnd.startsWith("phonemes:"),
        "front end must be characters or phonemes:<voice>, got '%s'",
        frontEnd);
    String voice = frontEnd.substring("phonemes:".length());
    return EspeakPhonemizer.find(voice)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the model uses espeak-ng phonemes ("
                        + voice
                        + ") but espeak-ng is not on the PATH"));
  }

  /**
   * Names a front end as this record stores it.
   *
   * @param frontEnd the front end
   * @return {@code characters} or {@code phonemes:<voice>}
   */
  public static String nameOf(TextFrontEnd frontEnd) {
    return frontEnd instanceof EspeakPhonemizer e ? "phonemes:" + e.voice() : "characters";
  }
}
