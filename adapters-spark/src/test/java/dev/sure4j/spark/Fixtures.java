package dev.sure4j.spark;

import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.serving.TrainedAdapters;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What the Spark tests share, made once per test JVM: the {@code local[2]} session, the bundled
 * backbone, and the offline reference answer of a {@link SpeechSession}. The adapters are
 * adapters-speech's {@link TrainedAdapters} ({@code kws} LoRA classification, {@code intent}
 * bottleneck intent, {@code asr} convolutional-adapter CTC, {@code emotion} prefix classification).
 */
final class Fixtures {

  static final Path MODEL = TrainedAdapters.MODEL.toAbsolutePath().normalize();
  private static SparkSession spark;

  private Fixtures() {}

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("sure4j-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /** Test clips of the kws, intent, ctc and emotion corpora, {@code perCorpus} each, absolute. */
  static List<Path> clips(int perCorpus) throws IOException {
    return TrainedAdapters.clips(perCorpus).stream()
        .map(p -> p.toAbsolutePath().normalize())
        .toList();
  }

  /** The session's offline prediction for one clip alone (a batch of one). */
  static Prediction offline(SpeechSession session, String adapter, Path clip) throws IOException {
    return session
        .forward(adapter, session.audio().loadBatch(List.of(clip)), Predictions::read)
        .get(0);
  }
}
