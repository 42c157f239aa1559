package dev.sure4j.speech.tts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FastSpeechModelTest extends ManagedTest {

  private static final FastSpeechConfig TINY = FastSpeechConfig.tiny(TtsBatches.VOCAB);

  private FastSpeechOutput run(FastSpeechModel model, FastSpeechInput in) {
    return model.forward(new ParameterStore(manager, false), in, false);
  }

  @Test
  void givenDurationsSetTheMelLengthAndShapes() {
    FastSpeechModel model = new FastSpeechModel(TINY).initialize(manager);
    FastSpeechOutput out = run(model, TtsBatches.batch(manager, true));
    assertEquals(new Shape(2, 8, 8), out.postnetMel().getShape());
    assertEquals(new Shape(2, 8, 8), out.mel().getShape());
    assertEquals(new Shape(2, 5), out.logDurations().getShape());
    assertArrayEquals(new int[] {8, 7}, out.melLengths());
    NDArray padFrame = out.postnetMel().get(new NDIndex("1, 7, :"));
    assertEquals(0f, padFrame.abs().max().getFloat(), "padded frames are 0");
    assertEquals(0f, Math.abs(out.pitch().getFloat(1, 4)), "padded tokens predict 0");
  }

  /** Builds the tiny model with predicted durations of about 2 to 5 frames per token. */
  static FastSpeechModel tinyModel(NDManager manager) {
    Engine.getInstance().setRandomSeed(14);
    FastSpeechModel model = new FastSpeechModel(TINY).initialize(manager);
    StateDict.of(model, "")
        .get("variance_adaptor.duration_predictor.linear_layer.bias")
        .getArray()
        .set(new float[] {1.5f});
    return model;
  }

  @Test
  void aPaddedBatchEqualsEachUtteranceAlone() {
    FastSpeechModel model = tinyModel(manager);
    for (boolean targets : new boolean[] {true, false}) {
      FastSpeechOutput batch = run(model, TtsBatches.batch(manager, targets));
      float worst = 0;
      for (int i = 0; i < 2; i++) {
        FastSpeechOutput alone = run(model, TtsBatches.single(manager, targets, i));
        int frames = alone.melLengths()[0];
        int tokens = TtsBatches.LENGTHS[i];
        assertEquals(frames, batch.melLengths()[i], "utterance " + i + " frame count");
        assertTrue(frames >= tokens, "utterance " + i + " has " + frames + " frames");
        NDIndex melRows = new NDIndex("{}, :{}, :", i, frames);
        NDIndex tokenRows = new NDIndex("{}, :{}", i, tokens);
        worst = Math.max(worst, diff(batch.postnetMel().get(melRows), alone.postnetMel().get(0)));
        worst = Math.max(worst, diff(batch.mel().get(melRows), alone.mel().get(0)));
        worst =
            Math.max(worst, diff(batch.logDurations().get(tokenRows), alone.logDurations().get(0)));
        worst = Math.max(worst, diff(batch.pitch().get(tokenRows), alone.pitch().get(0)));
        worst = Math.max(worst, diff(batch.energy().get(tokenRows), alone.energy().get(0)));
      }
      System.out.printf(
          "FastSpeech padded batch vs alone (%s durations): max |diff| = %g%n",
          targets ? "given" : "predicted", worst);
      assertTrue(worst < 1e-5f, "padded batch differs from single utterances by " + worst);
    }
  }

  @Test
  void everyFftBlockDeclaresTheSpeechEncoderPoints() {
    FastSpeechModel model = new FastSpeechModel(TINY).initialize(manager);
    List<String> paths =
        model.injectionPoints().stream().map(InjectionPoint::path).collect(Collectors.toList());
    for (String stack : List.of("encoder.layers.", "decoder.layers.")) {
      for (int i = 0; i < 2; i++) {
        for (String point :
            List.of("attention", "attention.q_proj", "attention.v_proj", "post_ffn")) {
          assertTrue(
              paths.contains(stack + i + "." + point), stack + i + "." + point + " in " + paths);
        }
      }
    }
  }

  static float diff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }
}
