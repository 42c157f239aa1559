package dev.sure4j.cli.pretrain;

import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.Manifest;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.pretrain.UnitLabeler;
import dev.sure4j.speech.pretrain.UnitUtterance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data side of {@code ./sure4j pretrain}: the mini corpus splits it reads, their waveforms,
 * their unit labels, and the frozen-feature probe on the keyword task.
 */
final class PretrainData {

  private PretrainData() {}

  /**
   * Reads one split of every pretraining task.
   *
   * @param data the corpus root holding {@code <task>/<split>.csv}
   * @param tasks the task directories
   * @param split {@code train}, {@code val} or {@code test}
   * @return the entries, task by task
   * @throws IOException when a manifest cannot be read
   * @throws IllegalArgumentException when a manifest names missing audio files
   */
  static List<ManifestEntry> entries(Path data, List<String> tasks, String split)
      throws IOException {
    List<ManifestEntry> all = new ArrayList<>();
    for (String task : tasks) {
      Manifest m = Manifest.read(data.resolve(task).resolve(split + ".csv"));
      if (!m.missing().isEmpty()) {
        throw new IllegalArgumentException(
            m.file() + ": " + m.missing().size() + " audio files are missing: " + m.missing());
      }
      all.addAll(m.entries());
    }
    return all;
  }

  /**
   * Loads the waveforms of entries.
   *
   * @param pipeline the audio pipeline (16 kHz mono)
   * @param entries the entries
   * @return one waveform {@code [samples]} per entry
   * @throws IOException when a file cannot be read
   */
  static List<float[]> load(AudioPipeline pipeline, List<ManifestEntry> entries)
      throws IOException {
    List<float[]> out = new ArrayList<>();
    for (ManifestEntry e : entries) {
      out.add(pipeline.load(e.audio()));
    }
    return out;
  }

  /**
   * Labels every waveform with its k-means units.
   *
   * @param entries the entries, for the utterance ids
   * @param waves their waveforms
   * @param labeler the fitted unit labeler
   * @return one utterance per waveform
   */
  static List<UnitUtterance> utterances(
      List<ManifestEntry> entries, List<float[]> waves, UnitLabeler labeler) {
    List<UnitUtterance> out = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      out.add(
          new UnitUtterance(
              entries.get(i).audio().toString(), waves.get(i), labeler.label(waves.get(i))));
    }
    return out;
  }

  /**
   * Fits the frozen-feature probe on kws train and scores it on kws test, per hidden state, for two
   * encoders.
   *
   * @param data the corpus root
   * @param pipeline the audio pipeline
   * @param pretrained the pretrained encoder
   * @param initial the same geometry with its initial weights
   * @return the probe's accuracies
   * @throws IOException when a manifest or clip cannot be read
   */
  static ProbeResult probe(
      Path data, AudioPipeline pipeline, SpeechEncoder pretrained, SpeechEncoder initial)
      throws IOException {
    Manifest train = Manifest.read(data.resolve("kws").resolve("train.csv"));
    Manifest test = Manifest.read(data.resolve("kws").resolve("test.csv"));
    List<String> labels = train.labels("label");
    List<float[]> trainWaves = load(pipeline, train.entries());
    List<float[]> testWaves = load(pipeline, test.entries());
    int[] y = train.entries().stream().mapToInt(e -> labels.indexOf(e.get("label"))).toArray();
    int[] yTest = test.entries().stream().mapToInt(e -> labels.indexOf(e.get("label"))).toArray();
    SpeechEncoder[] encoders = {pretrained, initial};
    double[][] acc = new double[2][];
    for (int k = 0; k < 2; k++) {
      float[][][] a = FeatureProbe.pooled(encoders[k], trainWaves);
      float[][][] b = FeatureProbe.pooled(encoders[k], testWaves);
      acc[k] = new double[a.length];
      for (int l = 0; l < a.length; l++) {
        acc[k][l] = FeatureProbe.accuracy(a[l], y, b[l], yTest, labels.size());
      }
    }
    return new ProbeResult(
        "kws", trainWaves.size(), testWaves.size(), labels.size(), acc[0], acc[1]);
  }

  /**
   * Returns the 1, 5 and 15-minute load averages.
   *
   * @return the first three fields of {@code /proc/loadavg}, or {@code unknown}
   */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
