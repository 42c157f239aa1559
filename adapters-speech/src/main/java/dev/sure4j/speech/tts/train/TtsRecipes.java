package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsDataset;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.tts.eval.TtsEvaluator;
import dev.sure4j.speech.tts.eval.TtsTestMetrics;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.text.TextEncoder;
import dev.sure4j.speech.tts.text.TextFrontEnd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The two TTS runs, end to end: base training (corpus, vocabulary, features, model and aligner,
 * {@link TtsTrainer}, model directory) and adaptation of a trained model to new data with one
 * {@link TtsMethod} (adapter or speaker directory, and {@code metrics.json} with the test MCD, F0
 * error and duration error of the adapted and of the base model, {@link TtsTestMetrics}).
 */
public final class TtsRecipes {

  /** The alignment encoder's width (RAD-TTS: 80). */
  public static final int ALIGNER_WIDTH = 80;

  /** The metrics file of an adaptation. */
  public static final String METRICS = "metrics.json";

  private TtsRecipes() {}

  /**
   * Returns a model geometry by name.
   *
   * @param size {@code tiny} ({@link FastSpeechConfig#tiny(int, int, int)}), {@code small} ({@link
   *     FastSpeechConfig#small}) or {@code sure} (ming024's defaults)
   * @param vocab the token table size
   * @param mel the features
   * @param speakers the speaker table size
   * @return the geometry
   */
  public static FastSpeechConfig geometry(String size, int vocab, MelConfig mel, int speakers) {
    return switch (size) {
      case "tiny" -> FastSpeechConfig.tiny(vocab, mel.nMels(), speakers);
      case "small" -> FastSpeechConfig.small(vocab, mel.nMels(), speakers);
      case "sure" ->
          FastSpeechConfig.builder()
              .setVocabSize(vocab)
              .optMelBins(mel.nMels())
              .optSpeakers(speakers)
              .build();
      default ->
          throw new IllegalArgumentException(
              "unknown model size '" + size + "': expected tiny, small or sure");
    };
  }

  /**
   * Trains a base model on a corpus's training split and saves it.
   *
   * @param corpus the corpus
   * @param frontEnd the text front end
   * @param size the geometry name ({@link #geometry})
   * @param options the run's settings
   * @param device where the model is built or loaded and trained (null: the engine's default)
   * @param cache where utterance features are kept between runs, if anywhere
   * @param saveEvery also write the model directory every this many steps, 0 for only at the end
   * @param budget stop after the update that ends past this wall-clock time, zero for none
   * @param checkpoints where resumable checkpoints go and whether to resume, null for none
   * @param out the model directory to write
   * @param log where progress goes
   * @return the measurements
   * @throws IOException when audio cannot be read or the model cannot be written
   */
  public static TtsTrainingResult trainBase(
      TtsCorpus corpus,
      TextFrontEnd frontEnd,
      String size,
      TtsTrainingOptions options,
      Device device,
      Optional<FeatureCache> cache,
      int saveEvery,
      Duration budget,
      TtsCheckpoints checkpoints,
      Path out,
      PrintStream log)
      throws IOException {
    MelConfig mel = MelConfig.fastspeech2();
    List<String> speakers = corpus.speakers();
    TextEncoder text =
        TextEncoder.fromTexts(frontEnd, corpus.train().stream().map(TtsUtterance::text).toList());
    long t0 = System.nanoTime();
    TtsDataset data =
        TtsDataset.compute(
            TtsFeaturizer.of(mel, text), corpus.train(), u -> speakers.indexOf(u.speaker()), cache);
    log.printf(
        Locale.ROOT,
        "features of %d utterances, %d symbols, %d speakers: %.1f s%n",
        data.size(),
        text.vocabulary().size(),
        speakers.size(),
        (System.nanoTime() - t0) / 1e9);
    FeatureStats stats = FeatureStats.of(data.features());
    FastSpeechConfig config = geometry(size, text.vocabulary().size(), mel, speakers.size());
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Engine.getInstance().setRandomSeed((int) options.seed());
      TtsTrainingBlock block = TtsTrainingBlock.create(manager, config, ALIGNER_WIDTH);
      TtsTrainer.StepHook checkpoint =
          step -> {
            if (saveEvery > 0 && step % saveEvery == 0 && step < options.steps()) {
              TtsModelFiles.save(
                  out,
                  modelConfig(config, frontEnd, stats, speakers, corpus, step, options),
                  block,
                  text);
              log.printf("step %d: model saved to %s%n", step, out);
            }
          };
      TtsTrainingResult r =
          new TtsTrainer(options, log, budget)
              .withCheckpoints(checkpoints)
              .train(
                  block, data, stats, TtsMethod.BASE.freezing(block, Optional.empty()), checkpoint);
      TtsModelFiles.save(
          out,
          modelConfig(config, frontEnd, stats, speakers, corpus, r.steps(), options),
          block,
          text);
      return r;
    }
  }

  private static TtsModelConfig modelConfig(
      FastSpeechConfig config,
      TextFrontEnd frontEnd,
      FeatureStats stats,
      List<String> speakers,
      TtsCorpus corpus,
      long steps,
      TtsTrainingOptions options) {
    return new TtsModelConfig(
        config,
        ALIGNER_WIDTH,
        MelConfig.fastspeech2(),
        TtsModelConfig.nameOf(frontEnd),
        stats,
        speakers,
        Provenance.currentLibraryVersion(),
        corpus.source(),
        (int) steps,
        options.seed());
  }

  /**
   * Adapts a trained model to a new voice with one method, evaluates it before and after on the
   * corpus' test split (its validation split when there is none), and writes the adaptation and
   * {@value #METRICS}.
   *
   * @param run what to adapt, with what, and where to write it
   * @param log where progress goes
   * @return the metrics written to {@value #METRICS}
   * @throws IOException when a file cannot be read or written
   */
  public static Map<String, Object> adapt(TtsAdaptation run, PrintStream log) throws IOException {
    Path base = run.base();
    TtsCorpus corpus = run.corpus();
    TtsMethod method = run.method();
    int speaker = run.speaker();
    TtsTrainingOptions options = run.options();
    Path out = run.out();
    try (NDManager manager = NDManager.newBaseManager(run.device().orElse(null))) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(base, manager);
      TtsModelConfig config = loaded.config();
      checkArgument(
          speaker >= 0 && speaker < config.model().speakers(),
          "speaker %s is outside the base model's table [0, %s)",
          speaker,
          config.model().speakers());
      TtsDataset data =
          TtsDataset.compute(
              TtsFeaturizer.of(config.mel(), loaded.text()),
              corpus.train(),
              u -> speaker,
              run.cache());
      boolean voice = run.stats() == AdaptationStats.VOICE;
      FeatureStats used = voice ? FeatureStats.of(data.features()) : config.stats();
      log.printf(
          Locale.ROOT,
          "%s statistics: ln F0 mean %.3f (%.0f Hz) std %.3f; base model's %.3f (%.0f Hz) std"
              + " %.3f%n",
          voice ? "voice" : "base",
          used.pitchMean(),
          Math.exp(used.pitchMean()),
          used.pitchStd(),
          config.stats().pitchMean(),
          Math.exp(config.stats().pitchMean()),
          config.stats().pitchStd());
      List<TtsUtterance> test = corpus.test().isEmpty() ? corpus.val() : corpus.test();
      TtsSynthesizer synth =
          new TtsSynthesizer(loaded.block().model(), loaded.text(), config.mel());
      TtsTestMetrics before =
          new TtsEvaluator(synth, config.stats()).evaluate(manager, test, speaker);
      TtsTrainingBlock block = loaded.block();
      long baseParameters =
          block.model().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
      Optional<AdapterModel> adapters = Optional.empty();
      if (method.spec().isPresent()) {
        // the adapter's random start (lora_A, a random bottleneck) comes from the seed
        Engine.getInstance().setRandomSeed((int) options.seed());
        AdapterModel a = AdapterModel.wrap(block.model());
        a.addAdapter(TtsAdapterFiles.ADAPTER, method.spec().get())
            .setActiveAdapters(TtsAdapterFiles.ADAPTER);
        adapters = Optional.of(a);
      }
      boolean trainAligner = options.alignWeight() > 0;
      log.printf(
          Locale.ROOT,
          trainAligner
              ? "aligner: trains on the new voice (forward-sum loss x %.2f), not saved%n"
              : "aligner: frozen (alignment weight %.2f), the base model's alignment%n",
          options.alignWeight());
      TtsTrainingResult r =
          new TtsTrainer(options, log)
              .withCheckpoints(run.checkpoints().orElse(null))
              .withParameterGroups(run.groups())
              .train(block, data, used, method.freezing(block, adapters, trainAligner));
      double pace = DurationCalibration.fit(block.model(), data.features(), manager);
      log.printf(
          Locale.ROOT, "pace: duration scale %.3f, fitted on the training utterances%n", pace);
      TtsTestMetrics after =
          new TtsEvaluator(synth.withDurationScale(pace), used).evaluate(manager, test, speaker);
      Provenance provenance =
          Provenance.builder()
              .setBaseModel(base.toString())
              .optData(corpus.source())
              .optSeed(options.seed())
              .build();
      TtsAdapterFiles.save(
          out,
          method,
          block,
          adapters.orElse(null),
          provenance,
          voice ? Optional.of(used) : Optional.empty(),
          OptionalDouble.of(pace));
      return new AdaptationReport(
              method,
              r,
              test.size(),
              options.alignWeight(),
              baseParameters,
              before,
              after,
              voice,
              used,
              config.stats(),
              pace)
          .write(out.resolve(METRICS));
    }
  }
}
