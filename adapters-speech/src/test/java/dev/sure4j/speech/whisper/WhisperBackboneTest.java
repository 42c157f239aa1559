package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link WhisperBackbone}'s frame arithmetic, settings, names and refusals. */
class WhisperBackboneTest extends ManagedTest {

  @Test
  void frameLengthsAreSamplesOver320RoundedUpAndCappedAt1500() {
    WhisperBackbone b = WhisperBackbone.load(WhisperFixtures.model(), WhisperWindow.SLICE, manager);
    assertArrayEquals(
        new long[] {1, 40, 41, 1500, 1500},
        b.frameLengths(new long[] {201, 12_800, 12_801, 480_000, 960_000}));
  }

  @Test
  void slicedFeaturesAreTheFirstFramesOfThePaddedOnes() throws Exception {
    WhisperFeatures f = WhisperFeatures.of(80);
    float[] audio = WhisperFixtures.audio();
    NDArray full = f.features(manager, audio);
    for (int frames : new int[] {2, 80, 96, 400}) {
      NDArray part = f.features(manager, new float[][] {audio}, frames);
      assertArrayEquals(new long[] {1, 80, frames}, part.getShape().getShape());
      float diff = part.sub(full.get(new NDIndex(":, :, 0:{}", frames))).abs().max().getFloat();
      assertEquals(0f, diff, 1e-6f, "frames " + frames);
    }
  }

  @Test
  void pointsAndParametersCarryTheHuggingFaceNames() {
    WhisperBackbone b = WhisperBackbone.load(WhisperFixtures.model(), WhisperWindow.PAD, manager);
    assertTrue(
        b.injectionPoints().stream()
            .map(InjectionPoint::path)
            .anyMatch("model.encoder.layers.1.self_attn.v_proj"::equals),
        "points: " + b.injectionPoints());
    assertEquals(32, b.hiddenSize());
    assertEquals(2, b.numHiddenLayers());
  }

  @Test
  void settingsRoundTripAndRefuseUnknownValues() {
    WhisperBackbone b = WhisperBackbone.load(WhisperFixtures.model(), WhisperWindow.PAD, manager);
    assertEquals(Map.of("window", "pad"), b.settings().values());
    b.apply(new BackboneSettings(BackboneKind.WHISPER, Map.of("window", "slice")));
    assertEquals(WhisperWindow.SLICE, b.window());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.apply(new BackboneSettings(BackboneKind.WHISPER, Map.of("window", "crop"))));
    assertTrue(e.getMessage().contains("crop"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.apply(BackboneSettings.of(BackboneKind.HUBERT)));
    assertTrue(e.getMessage().contains("hubert"), e.getMessage());
  }

  @Test
  void refusesAnUtteranceTooShortForTheFrontEnd() {
    WhisperBackbone b = WhisperBackbone.load(WhisperFixtures.model(), WhisperWindow.SLICE, manager);
    NDList in =
        new NDList(manager.zeros(new Shape(2, 4000)), manager.create(new long[] {4000, 150}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.forward(new ParameterStore(manager, false), in, false));
    assertTrue(e.getMessage().contains("utterance 1 has 150 samples"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void paddedStatesDoNotDependOnTheBatch() throws Exception {
    WhisperBackbone b = WhisperBackbone.load(WhisperFixtures.model(), WhisperWindow.PAD, manager);
    float[] audio = WhisperFixtures.audio();
    float[] flat = Arrays.copyOf(audio, 2 * audio.length);
    System.arraycopy(audio, 0, flat, audio.length, 8000);
    NDList both =
        b.forward(
            new ParameterStore(manager, false),
            new NDList(
                manager.create(flat, new Shape(2, audio.length)),
                manager.create(new long[] {audio.length, 8000})),
            false);
    NDList alone =
        b.forward(
            new ParameterStore(manager, false),
            new NDList(manager.create(Arrays.copyOf(audio, 8000), new Shape(1, 8000))),
            false);
    float diff = both.get(0).get(1).sub(alone.get(0).get(0)).abs().max().getFloat();
    assertEquals(0f, diff, 1e-5f);
  }
}
