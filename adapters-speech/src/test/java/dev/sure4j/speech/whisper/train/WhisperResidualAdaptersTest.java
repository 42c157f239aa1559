package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bottleneck and ConvAdapter on the tiny random Whisper: the residual sites {@code post_attention}
 * and {@code post_ffn} of every encoder and decoder layer, identity at an identity start, trained
 * on the one engine with the base untouched, saved and reloaded; the ConvAdapter refused in the
 * causal decoder.
 */
class WhisperResidualAdaptersTest extends WhisperFitCase {

  private static final BottleneckSpec BOTTLENECK_BOTH_STACKS =
      BottleneckSpec.builder()
          .optInit(AdapterInit.IDENTITY)
          .optTargets(Targets.modules("post_attention", "post_ffn"))
          .build();

  private static final ConvAdapterSpec CONV_ENCODER =
      ConvAdapterSpec.builder()
          .optInit(AdapterInit.IDENTITY)
          .optTargets(Targets.modules("model.encoder.layers.*.post_ffn"))
          .build();

  @Test
  void everyLayerHasTwoResidualSites() {
    AdapterModel model = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    List<String> residual =
        model.injectionPoints().stream()
            .map(InjectionPoint::path)
            .filter(p -> p.endsWith(".post_attention") || p.endsWith(".post_ffn"))
            .toList();
    // 2 encoder layers and 2 decoder layers, 2 sites each
    assertEquals(8, residual.size(), residual.toString());
    assertTrue(residual.contains("model.encoder.layers.1.post_ffn"), residual.toString());
    assertTrue(residual.contains("model.decoder.layers.0.post_attention"), residual.toString());
  }

  @Test
  void identityStartLeavesHiddenStatesAndLogitsUnchanged() throws Exception {
    for (AdapterSpec spec : List.<AdapterSpec>of(BOTTLENECK_BOTH_STACKS, CONV_ENCODER)) {
      AdapterModel model = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
      WhisperModel whisper = (WhisperModel) model.base();
      NDArray mel =
          WhisperFeatures.of(whisper.config().numMelBins())
              .features(manager, WavReader.read(TrainFixtures.audio()).toMono().channel(0));
      NDArray ids = manager.create(new long[] {321, 5, 17, 40}).reshape(1, 4);
      float[] states = lastState(whisper, mel);
      float[] logits = logits(model, mel, ids);
      model.addAdapter("a", spec).setActiveAdapters("a");
      assertTrue(model.adapter("a").blocks().size() >= 2, spec.method() + ": too few blocks");
      assertArrayEquals(states, lastState(whisper, mel), spec.method() + ": encoder states");
      assertArrayEquals(logits, logits(model, mel, ids), spec.method() + ": logits");
    }
  }

  @Test
  void convAdapterIsRefusedInTheCausalDecoder() {
    AdapterModel model = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.addAdapter("c", ConvAdapterSpec.builder().build()));
    assertTrue(e.getMessage().contains("model.decoder.layers.0.post_ffn"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(model.adapters().isEmpty(), "nothing may stay attached");
  }

  @Test
  void bottleneckTrainsSavesAndReloads() throws Exception {
    trainSaveReload(
        BottleneckSpec.builder()
            .optTargets(Targets.modules("post_attention", "post_ffn"))
            .optReductionFactor(4)
            .build(),
        1e-2,
        0.5);
  }

  @Test
  void convAdapterTrainsSavesAndReloadsOnTheEncoder() throws Exception {
    trainSaveReload(
        ConvAdapterSpec.builder()
            .optTargets(Targets.modules("model.encoder.layers.*.post_ffn"))
            .build(),
        5e-2,
        0.3);
  }

  /**
   * Trains 6 steps, checks the loss falls by {@code minDrop} and the base is untouched, reloads.
   */
  private void trainSaveReload(AdapterSpec spec, double lr, double minDrop) throws Exception {
    AdapterModel model = model(spec);
    Map<String, float[]> base = snapshot(model, true);
    TrainingConfig c = constantSteps(lr, 6);
    double after =
        fitLowersTheLoss(
            model, new Seq2SeqLoss(0), c, minDrop, spec + ", loss of the 2-utterance batch");
    Map<String, float[]> baseAfter = snapshot(model, true);
    assertEquals(base.keySet(), baseAfter.keySet());
    base.forEach((k, v) -> assertArrayEquals(v, baseAfter.get(k), k + " changed"));

    Path saved = dir.resolve("adapter");
    AdapterFiles.save(
        model, "asr", saved, Provenance.builder().setBaseModel("whisper-tiny-random").build());
    AdapterModel again = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    AdapterFiles.load(again, saved, "asr");
    again.setActiveAdapters("asr");
    assertEquals(
        after, loss(again, batchOfTwo(model)), 1e-6, "the reloaded adapter gives another loss");
    Map<String, float[]> adapter = snapshot(model, false);
    Map<String, float[]> reloaded = snapshot(again, false);
    assertFalse(adapter.isEmpty());
    assertEquals(adapter.keySet(), reloaded.keySet());
    adapter.forEach((k, v) -> assertTrue(Arrays.equals(v, reloaded.get(k)), k + " differs"));
  }

  private float[] lastState(WhisperModel whisper, NDArray mel) {
    NDList states = whisper.encoder().hiddenStates(new ParameterStore(manager, false), mel, false);
    return states.get(states.size() - 1).toFloatArray();
  }

  private float[] logits(AdapterModel model, NDArray mel, NDArray ids) {
    return model
        .forward(new ParameterStore(manager, false), new NDList(mel, ids), false)
        .singletonOrThrow()
        .toFloatArray();
  }
}
