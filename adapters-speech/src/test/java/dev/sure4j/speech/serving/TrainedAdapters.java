package dev.sure4j.speech.serving;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.tasks.MiniData;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskTrainer;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Four tiny adapters trained once per test JVM (under target/) on the bundled backbone and mini
 * corpus (three steps each, so their heads and adapter weights differ from initialisation): {@code
 * kws} (LoRA, classification), {@code intent} (bottleneck, intent), {@code asr} (convolutional
 * adapter, CTC) and {@code emotion} (prefix, classification), plus test clips from every corpus.
 * Public for the tests of other modules (the adapters-speech test-jar).
 */
public final class TrainedAdapters {

  /** The bundled backbone, relative to a module directory. */
  public static final Path MODEL = Path.of("..", "models", "mini-hubert");

  private static final Path MINI = Path.of("..", "data", "mini");
  private static Map<String, Path> dirs;

  private TrainedAdapters() {}

  /**
   * Starts a server on the bundled backbone that answers up to {@code maxBatchSize} queued requests
   * in one pass.
   *
   * @param maxBatchSize utterances per backbone pass, 1 for one utterance per pass
   * @return the builder, for the caller's further options
   */
  public static AdapterServerBuilder server(int maxBatchSize) {
    return AdapterServer.builder().setCheckpoint(MODEL).optMaxBatchSize(maxBatchSize);
  }

  /**
   * Returns the adapter directories, training them on first use.
   *
   * @return name to adapter directory: kws, intent, asr, emotion
   */
  public static synchronized Map<String, Path> dirs() throws Exception {
    if (dirs == null) {
      Path root =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target")), "serving-adapters-");
      Map<String, Path> out = new LinkedHashMap<>();
      out.put("kws", train("kws", TaskType.CLASSIFICATION, LoraSpec.builder().build(), root));
      out.put("intent", train("intent", TaskType.INTENT, BottleneckSpec.builder().build(), root));
      out.put("asr", train("ctc", TaskType.CTC, ConvAdapterSpec.builder().build(), root));
      out.put(
          "emotion", train("emotion", TaskType.CLASSIFICATION, PrefixSpec.builder().build(), root));
      dirs = out;
    }
    return dirs;
  }

  /**
   * Returns {@code perCorpus} test clips from each of the kws, intent, ctc and emotion corpora.
   *
   * @param perCorpus clips per corpus
   * @return audio files
   */
  public static List<Path> clips(int perCorpus) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String corpus : List.of("kws", "intent", "ctc", "emotion")) {
      TaskData d = TaskData.fromManifests(MINI.resolve(corpus));
      d.test().stream().limit(perCorpus).map(ManifestEntry::audio).forEach(out::add);
    }
    return out;
  }

  /**
   * Returns the first test clips of each corpus ({@link #clips}) as a server's audio pipeline reads
   * them.
   *
   * @param server the server whose pipeline reads the clips
   * @param perCorpus clips per corpus
   * @return mono samples at the server's rate, one array per clip
   */
  public static List<float[]> waves(AdapterServer server, int perCorpus) throws IOException {
    List<float[]> out = new ArrayList<>();
    for (Path c : clips(perCorpus)) {
      out.add(server.audio().load(c));
    }
    return out;
  }

  private static Path train(String corpus, TaskType type, AdapterSpec spec, Path root)
      throws Exception {
    TaskData full = TaskData.fromManifests(MINI.resolve(corpus));
    TaskData small = MiniData.every(full, 4, 4, 4);
    return TaskTrainer.builder()
        .setCheckpoint(MODEL)
        .setMethod(spec)
        .setTask(SpeechTask.fromTrainingData(corpus, type, full.train()))
        .setData(small)
        .setOutputDir(root.resolve(corpus))
        .optConfig(
            TrainingConfig.builder()
                .optMaxSteps(3)
                .optGradientAccumulationSteps(1)
                .optLearningRate(5e-3)
                .optSeed(5)
                .optBatchSize(8)
                .build())
        .build()
        .run()
        .adapterDir();
  }
}
