package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.tts.data.UtteranceFeatures;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fitted pace makes the bundled model's spoken length, through the synthesizer's rounding,
 * equal the recorded length of the utterances it was fitted on: for recordings 1.3 times and 0.8
 * times as long as the model speaks them, and for recordings as long as it speaks them (scale 1).
 */
class DurationCalibrationTest {

  private static final Path DIR = Path.of("..", "models", "mini-tts");

  private static final List<String> SENTENCES =
      List.of(
          "open the door",
          "the blanket is soft and warm",
          "turn the lights off in the kitchen",
          "a parcel arrived this morning",
          "she sells sea shells by the shore",
          "bring me the red cup please");

  @Test
  void theFittedPaceSpeaksTheRecordedLength() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(DIR, manager);
      TtsSynthesizer synth =
          new TtsSynthesizer(loaded.block().model(), loaded.text(), loaded.config().mel());
      int bins = loaded.config().mel().nMels();
      for (double stretch : new double[] {1.3, 0.8, 1.0}) {
        List<UtteranceFeatures> recorded = new ArrayList<>();
        long recordedFrames = 0;
        for (String s : SENTENCES) {
          int spoken = synth.predict(manager, s, 1).frames();
          int frames = (int) Math.round(stretch * spoken);
          recorded.add(
              new UtteranceFeatures(
                  loaded.text().encode(s),
                  new float[frames * bins],
                  bins,
                  new float[frames],
                  new float[frames],
                  1));
          recordedFrames += frames;
        }
        double scale = DurationCalibration.fit(loaded.block().model(), recorded, manager);
        long paced = 0;
        for (String s : SENTENCES) {
          paced += synth.withDurationScale(scale).predict(manager, s, 1).frames();
        }
        System.out.printf(
            "recordings %.1f x the spoken length: scale %.4f, %d frames spoken for %d recorded%n",
            stretch, scale, paced, recordedFrames);
        // each token's duration is rounded to a frame, on both sides of the fit
        assertEquals(stretch, scale, 0.05 * stretch, "scale");
        assertEquals(recordedFrames, paced, 0.03 * recordedFrames, "frames at the fitted pace");
      }
    }
  }

  @Test
  void noUtterancesIsRefused() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(DIR, manager);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> DurationCalibration.fit(loaded.block().model(), List.of(), manager));
      assertEquals("no utterances to fit the pace on", e.getMessage());
    }
  }
}
