package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.model.AdapterModel;
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
 * LoRA adaptation changes only LoRA tensors, or LoRA and aligner tensors when the aligner adapts
 * (counted apart from the adapter's values).
 */
class TtsTrainingTest extends ManagedTest {

  private static final PrintStream LOG = System.out;
  private static final int STEPS = 40;

  @TempDir Path dir;

  private int vocab;

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
    TtsTrainingResult r = adaptWithLora(false);
    assertEquals(0, r.alignerTrainable(), "a frozen aligner trains nothing");
    assertTrue(Double.isNaN(r.meanAlign(1, false)), "no forward-sum loss at weight 0");
  }

  @Test
  void loraAdaptationWithTheAlignerChangesOnlyLoraAndAlignerTensors() throws Exception {
    TtsTrainingResult r = adaptWithLora(true);
    // tiny geometry D = 32, 80 mels, aligner width 32, by hand: text_emb V x 32, keys 32 -> 64
    // (k 3) -> 32, queries 80 -> 160 (k 3) -> 80 -> 32, each convolution with a bias
    long keys = 32 * 64 * 3 + 64 + 64 * 32 + 32;
    long queries = 80 * 160 * 3 + 160 + 160 * 80 + 80 + 80 * 32 + 32;
    assertEquals(vocab * 32L + keys + queries, r.alignerTrainable());
    // LoRA r = 8 on q and v of 2 + 2 layers of width 32: 4 x 2 x (32 x 8 + 8 x 32)
    assertEquals(4 * 2 * (32 * 8 + 8 * 32), r.trainable(), "trainable counts the adapter only");
    assertTrue(Double.isFinite(r.meanAlign(1, false)), "the forward-sum loss is computed");
  }

  /**
   * Adapts a fresh tiny model with LoRA for 10 steps and checks that only LoRA tensors and, when
   * asked, every aligner tensor changed.
   */
  private TtsTrainingResult adaptWithLora(boolean trainAligner) throws Exception {
    Setup s = setup();
    vocab = s.text.vocabulary().size();
    AdapterModel adapters = AdapterModel.wrap(s.block.model());
    adapters
        .addAdapter("voice", TtsMethod.parse("lora").spec().orElseThrow())
        .setActiveAdapters("voice");
    Map<String, float[]> before = values(StateDict.of(s.block, ""));
    TtsTrainingOptions options =
        new TtsTrainingOptions(10, 3, 1e-2f, 1.0, trainAligner ? 1f : 0f, 3, 5);
    TtsTrainingResult r =
        new TtsTrainer(options, LOG)
            .train(
                s.block,
                s.data,
                s.stats,
                TtsMethod.parse("lora").freezing(s.block, Optional.of(adapters), trainAligner));
    Map<String, float[]> after = values(StateDict.of(s.block, ""));
    int changedLora = 0;
    int changedAligner = 0;
    for (Map.Entry<String, float[]> e : after.entrySet()) {
      String k = e.getKey();
      if (k.contains("running")) {
        continue; // batch-norm statistics follow the data in training mode
      }
      boolean lora = k.contains("lora_");
      boolean aligner = k.startsWith("aligner.");
      boolean same = before.containsKey(k) && Arrays.equals(before.get(k), e.getValue());
      if (lora) {
        changedLora += same ? 0 : 1;
      } else if (aligner && trainAligner) {
        changedAligner += same ? 0 : 1;
      } else {
        assertTrue(same, "base tensor changed: " + k);
      }
    }
    LOG.printf(
        "tts LoRA, 10 steps, aligner %s: %d LoRA and %d aligner tensors changed%n",
        trainAligner ? "trained" : "frozen", changedLora, changedAligner);
    assertTrue(changedLora > 0, "some LoRA tensor trains");
    if (trainAligner) {
      // text_emb and the weight and bias of 5 convolutions
      assertEquals(11, changedAligner, "every aligner tensor trains");
    }
    assertFalse(adapters.adapter("voice").tensors().isEmpty());
    return r;
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
