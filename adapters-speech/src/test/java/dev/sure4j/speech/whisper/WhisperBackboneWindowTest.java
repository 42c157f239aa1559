package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link WhisperBackbone} follows the model's own window ({@code 2 * max_source_positions} frames)
 * rather than 30 s: on the bundled mini Whisper (3 s, 150 positions) a clip longer than the window
 * is cut at 3 s, so its states are those the training and transcription front end ({@link
 * WhisperFeatures#of(WhisperConfig)}) gives to the whole model's encoder.
 */
class WhisperBackboneWindowTest extends ManagedTest {

  private static final Path MINI = Path.of("..", "models", "mini-whisper");

  /** 3.5 s: a quiet 440 Hz tone, then 0.5 s forty times louder after the 3 s window. */
  private static float[] loudAfterTheWindow() {
    float[] wave = new float[56_000];
    for (int i = 0; i < wave.length; i++) {
      float amplitude = i < 48_000 ? 0.01f : 0.4f;
      wave[i] = amplitude * (float) Math.sin(2 * Math.PI * 440 * i / 16_000.0);
    }
    return wave;
  }

  @Test
  void framesAreCappedAtTheModelsPositions() {
    WhisperBackbone b = WhisperBackbone.load(MINI, WhisperWindow.SLICE, manager);
    assertEquals(150, b.config().maxSourcePositions());
    assertArrayEquals(
        new long[] {1, 50, 150, 150}, b.frameLengths(new long[] {201, 16_000, 48_000, 56_000}));
  }

  @Test
  void paddedStatesAreTheModelEncodersOnItsOwnWindow() {
    float[] wave = loudAfterTheWindow();
    WhisperModel whisper = WhisperModel.load(MINI, manager);
    NDArray mel = WhisperFeatures.of(whisper.config()).features(manager, wave);
    assertEquals(new Shape(1, 80, 300), mel.getShape());
    float[] expected =
        whisper.encoder().encode(new ParameterStore(manager, false), mel, false).toFloatArray();

    for (WhisperWindow window : WhisperWindow.values()) {
      WhisperBackbone b = WhisperBackbone.load(MINI, window, manager);
      NDList out =
          b.forward(
              new ParameterStore(manager, false),
              new NDList(manager.create(wave, new Shape(1, wave.length))),
              false);
      NDArray last = out.get(0);
      assertEquals(new Shape(1, 150, 128), last.getShape(), window.id());
      float[] mask = out.get(1).toFloatArray();
      float[] ones = new float[150];
      Arrays.fill(ones, 1f);
      assertArrayEquals(ones, mask, window.id() + ": a clip that fills the window is all real");
      float[] actual = last.toFloatArray();
      double max = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      }
      System.out.printf("%s: max abs difference %.3g%n", window.id(), max);
      assertTrue(max <= 1e-4, window.id() + ": max abs difference " + max);
    }
  }
}
