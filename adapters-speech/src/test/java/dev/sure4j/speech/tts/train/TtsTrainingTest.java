package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsDataset;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.text.CharacterFrontEnd;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the tiny FastSpeech model with its alignment encoder on three espeak-ng sentences through
 * the training engine: the mel loss falls by more than half, a saved model reloads bit for bit, and
 * LoRA adaptation changes only LoRA tensors.
 */
class TtsTrainingTest extends ManagedTest {

  private static final PrintStream LOG = System.out;
  private static final int STEPS = 40;

  @TempDir Path dir;

  @Test
  void baseTrainingHalvesTheMelLossAndTheModelReloads() throws Exception {
    Setup s = setup();
    TtsTrainingOptions options = new TtsTrainingOptions(STEPS, 3, 5e-3f, 1.0, 1f, 7, 20);
    TtsTrainingResult r =
        new TtsTrainer(options, LOG)
            .train(s.block, s.data, s.stats, TtsMethod.BASE.freezing(s.block, Optional.empty()));
    double first = r.losses().get(0).mel();
    double last = r.meanMel(5, true);
    LOG.printf(
        "tts base, %d steps (%.1f s): mel L1 %.4f -> %.4f%n", STEPS, r.seconds(), first, last);
    assertEquals(STEPS, r.steps());
    assertTrue(last < 0.5 * first, "mel L1 falls below half: " + first + " -> " + last);

    Path saved = dir.resolve("model");
    TtsModelFiles.save(saved, config(s, STEPS), s.block, s.text);
    TtsModelFiles.Loaded back = TtsModelFiles.load(saved, manager);
    Map<String, Parameter> want = StateDict.of(s.block, "");
    Map<String, Parameter> got = StateDict.of(back.block(), "");
    assertEquals(want.keySet(), got.keySet());
    want.forEach(
        (k, p) ->
            assertArrayEquals(
                p.getArray().toFloatArray(), got.get(k).getArray().toFloatArray(), k));
    assertEquals(s.text.vocabulary().size(), back.text().vocabulary().size());

    TtsSynthesizer synth =
        new TtsSynthesizer(back.block().model(), back.text(), MelConfig.fastspeech2());
    float[] logMel = synth.logMel(manager, EspeakCorpus.TEXTS.get(0), 0);
    float[] wave = synth.speak(manager, EspeakCorpus.TEXTS.get(0), 0, Optional.empty());
    int frames = logMel.length / 80;
    LOG.printf(
        "tts speaks '%s': %d frames, %d samples%n", EspeakCorpus.TEXTS.get(0), frames, wave.length);
    assertEquals(256 * (frames - 1), wave.length, "Griffin-Lim gives hop * (frames - 1) samples");
  }

  @Test
  void loraAdaptationChangesOnlyLoraTensors() throws Exception {
    Setup s = setup();
    AdapterModel adapters = AdapterModel.wrap(s.block.model());
    adapters.addAdapter("voice", TtsMethod.LORA.spec().orElseThrow()).setActiveAdapters("voice");
    Map<String, float[]> before = values(StateDict.of(s.block, ""));
    TtsTrainingOptions options = new TtsTrainingOptions(10, 3, 1e-2f, 1.0, 0f, 3, 5);
    new TtsTrainer(options, LOG)
        .train(s.block, s.data, s.stats, TtsMethod.LORA.freezing(s.block, Optional.of(adapters)));
    Map<String, float[]> after = values(StateDict.of(s.block, ""));
    int changedLora = 0;
    for (Map.Entry<String, float[]> e : after.entrySet()) {
      String k = e.getKey();
      if (k.contains("running")) {
        continue; // batch-norm statistics follow the data in training mode
      }
      boolean lora = k.contains("lora_");
      boolean same = before.containsKey(k) && Arrays.equals(before.get(k), e.getValue());
      if (lora) {
        changedLora += same ? 0 : 1;
      } else {
        assertTrue(same, "base tensor changed: " + k);
      }
    }
    LOG.printf("tts LoRA, 10 steps: %d LoRA tensors changed%n", changedLora);
    assertTrue(changedLora > 0, "some LoRA tensor trains");
    assertFalse(adapters.adapter("voice").tensors().isEmpty());
  }

  private record Setup(
      TtsTrainingBlock block,
      TtsDataset data,
      FeatureStats stats,
      TextEncoder text,
      TtsCorpus corpus) {}

  private Setup setup() throws Exception {
    TtsCorpus corpus = EspeakCorpus.write(dir, "espeak");
    TextEncoder text =
        TextEncoder.fromTexts(
            new CharacterFrontEnd(), corpus.train().stream().map(u -> u.text()).toList());
    TtsFeaturizer featurizer = TtsFeaturizer.of(MelConfig.fastspeech2(), text);
    TtsDataset data = TtsDataset.compute(featurizer, corpus.train(), u -> 0);
    FastSpeechConfig config = FastSpeechConfig.tiny(text.vocabulary().size(), 80, 1);
    Engine.getInstance().setRandomSeed(11);
    TtsTrainingBlock block = TtsTrainingBlock.create(manager, config, 32);
    return new Setup(block, data, FeatureStats.of(data.features()), text, corpus);
  }

  private static TtsModelConfig config(Setup s, int steps) {
    return new TtsModelConfig(
        s.block.model().config(),
        32,
        MelConfig.fastspeech2(),
        "characters",
        s.stats,
        List.of("espeak"),
        "test",
        s.corpus.source(),
        steps,
        7);
  }

  private static Map<String, float[]> values(Map<String, Parameter> ps) {
    Map<String, float[]> out = new LinkedHashMap<>();
    ps.forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
    return out;
  }
}
