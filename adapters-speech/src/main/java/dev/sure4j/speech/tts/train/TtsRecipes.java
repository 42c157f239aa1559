package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.Mcd;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.tts.FastSpeechConfig;
import dev.sure4j.speech.tts.data.FeatureCache;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsDataset;
import dev.sure4j.speech.tts.data.TtsFeaturizer;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.text.TextEncoder;
import dev.sure4j.speech.tts.text.TextFrontEnd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The two TTS runs, end to end: base training (corpus, vocabulary, features, model and aligner,
 * {@link TtsTrainer}, model directory) and adaptation of a trained model to new data with one
 * {@link TtsMethod} (adapter or speaker directory, and {@code metrics.json} with the test MCD of
 * the adapted and of the base model).
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
   * @param size {@code tiny} ({@link FastSpeechConfig#tiny(int, int, int)}) or {@code sure}
   *     (ming024's defaults)
   * @param vocab the token table size
   * @param mel the features
   * @param speakers the speaker table size
   * @return the geometry
   */
  public static FastSpeechConfig geometry(String size, int vocab, MelConfig mel, int speakers) {
    return switch (size) {
      case "tiny" -> FastSpeechConfig.tiny(vocab, mel.nMels(), speakers);
      case "sure" ->
          FastSpeechConfig.builder()
              .setVocabSize(vocab)
              .optMelBins(mel.nMels())
              .optSpeakers(speakers)
              .build();
      default ->
          throw new IllegalArgumentException(
              "unknown model size '" + size + "': expected tiny or sure");
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
          new TtsTrainer(options, log)
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
   * Adapts a trained model on the engine's default device: {@link #adapt(Path, TtsCorpus,
   * TtsMethod, int, TtsTrainingOptions, Device, Optional, Path, PrintStream)} with no device.
   *
   * @param base the trained model directory
   * @param corpus the new voice's corpus
   * @param method what trains (not {@link TtsMethod#BASE})
   * @param speaker the speaker id the new voice uses
   * @param options the run's settings
   * @param cache where utterance features are kept between runs, if anywhere
   * @param out the adaptation directory to write
   * @param log where progress goes
   * @return the metrics written to {@value #METRICS}
   * @throws IOException when a file cannot be read or written
   */
  public static Map<String, Object> adapt(
      Path base,
      TtsCorpus corpus,
      TtsMethod method,
      int speaker,
      TtsTrainingOptions options,
      Optional<FeatureCache> cache,
      Path out,
      PrintStream log)
      throws IOException {
    return adapt(base, corpus, method, speaker, options, null, cache, out, log);
  }

  /**
   * Adapts a trained model to a corpus (every utterance spoken as one speaker id) and saves the
   * adaptation and its metrics.
   *
   * @param base the trained model directory
   * @param corpus the new voice's corpus
   * @param method what trains (not {@link TtsMethod#BASE})
   * @param speaker the speaker id the new voice uses
   * @param options the run's settings
   * @param device where the model is built or loaded and trained (null: the engine's default)
   * @param cache where utterance features are kept between runs, if anywhere
   * @param out the adaptation directory to write
   * @param log where progress goes
   * @return the metrics written to {@value #METRICS}
   * @throws IOException when a file cannot be read or written
   */
  public static Map<String, Object> adapt(
      Path base,
      TtsCorpus corpus,
      TtsMethod method,
      int speaker,
      TtsTrainingOptions options,
      Device device,
      Optional<FeatureCache> cache,
      Path out,
      PrintStream log)
      throws IOException {
    checkArgument(method != TtsMethod.BASE, "adaptation needs a method other than base");
    try (NDManager manager = NDManager.newBaseManager(device)) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(base, manager);
      TtsModelConfig config = loaded.config();
      checkArgument(
          speaker >= 0 && speaker < config.model().speakers(),
          "speaker %s is outside the base model's table [0, %s)",
          speaker,
          config.model().speakers());
      TtsDataset data =
          TtsDataset.compute(
              TtsFeaturizer.of(config.mel(), loaded.text()), corpus.train(), u -> speaker, cache);
      List<TtsUtterance> test = corpus.test().isEmpty() ? corpus.val() : corpus.test();
      TtsSynthesizer synth =
          new TtsSynthesizer(loaded.block().model(), loaded.text(), config.mel());
      double before = mcd(manager, synth, test, speaker);
      TtsTrainingBlock block = loaded.block();
      Optional<AdapterModel> adapters = Optional.empty();
      if (method.spec().isPresent()) {
        AdapterModel a = AdapterModel.wrap(block.model());
        a.addAdapter(TtsAdapterFiles.ADAPTER, method.spec().get())
            .setActiveAdapters(TtsAdapterFiles.ADAPTER);
        adapters = Optional.of(a);
      }
      TtsTrainingOptions frozenAligner =
          new TtsTrainingOptions(
              options.steps(),
              options.batchSize(),
              options.learningRate(),
              options.maxGradNorm(),
              0f,
              options.seed(),
              options.logEvery());
      TtsTrainingResult r =
          new TtsTrainer(frozenAligner, log)
              .train(block, data, config.stats(), method.freezing(block, adapters));
      double after = mcd(manager, synth, test, speaker);
      Provenance provenance =
          Provenance.builder()
              .setBaseModel(base.toString())
              .optData(corpus.source())
              .optSeed(options.seed())
              .build();
      TtsAdapterFiles.save(out, method, block, adapters.orElse(null), provenance);
      Map<String, Object> metrics = new TreeMap<>();
      metrics.put("method", method.id());
      metrics.put("steps", r.steps());
      metrics.put("train_seconds", r.seconds());
      metrics.put("test_utterances", test.size());
      metrics.put("mcd", after);
      metrics.put("mcd_before", before);
      metrics.put("mel_l1_first", r.meanMel(1, false));
      metrics.put("mel_l1_last10", r.meanMel(10, true));
      AtomicFiles.writeString(
          out.resolve(METRICS),
          new GsonBuilder()
                  .serializeSpecialFloatingPointValues()
                  .setPrettyPrinting()
                  .create()
                  .toJson(metrics)
              + "\n");
      return metrics;
    }
  }

  /**
   * The mean MCD (dB, 13 cepstra, DTW) between the log-mel of each recording and the model's
   * predicted log-mel for its text; NaN without utterances or when the model predicts too few
   * frames for one of them.
   */
  private static double mcd(
      NDManager manager, TtsSynthesizer synth, List<TtsUtterance> utterances, int speaker)
      throws IOException {
    MelSpectrogram spectrogram = MelSpectrogram.of(synth.mel());
    int bins = synth.mel().nMels();
    double sum = 0;
    for (TtsUtterance u : utterances) {
      float[] wave = spectrogram.prepare(AudioLoader.standard().load(u.audio()));
      float[] reference = spectrogram.logMel(manager, wave);
      float[] predicted;
      try {
        predicted = synth.logMel(manager, u.text(), speaker);
      } catch (IllegalArgumentException e) {
        return Double.NaN; // the model cannot speak it yet (too few predicted frames)
      }
      sum += Mcd.ofCepstra(Mcd.cepstra(reference, bins), Mcd.cepstra(predicted, bins));
    }
    return utterances.isEmpty() ? Double.NaN : sum / utterances.size();
  }
}
