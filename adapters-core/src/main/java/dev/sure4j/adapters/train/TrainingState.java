package dev.sure4j.adapters.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop's position and early-stopping state, written as {@code trainer_state.json} into every
 * checkpoint so that a run can resume from it.
 */
final class TrainingState {

  static final String FILE = "trainer_state.json";
  static final int FORMAT = 1;

  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

  int format = FORMAT;
  String adapter;
  long seed;
  long step;
  int epoch;
  long batchesInEpoch;
  long lastEvalStep = -1;
  double bestMetric = Double.NaN;
  long bestStep = -1;
  int badEvaluations;
  boolean stoppedEarly;
  long skippedSteps;
  double elapsedSeconds;
  Map<String, Double> lastMetrics = Map.of();
  List<LogRow> history = new ArrayList<>();

  void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE), GSON.toJson(this), StandardCharsets.UTF_8);
  }

  static TrainingState read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + FILE + " in checkpoint " + dir);
    }
    TrainingState s =
        GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrainingState.class);
    if (s == null || s.format != FORMAT) {
      throw new IOException(
          String.format(
              "%s: unsupported trainer state format %s (expected %d)",
              file, s == null ? "empty" : s.format, FORMAT));
    }
    s.history = new ArrayList<>(s.history == null ? List.of() : s.history);
    s.lastMetrics = s.lastMetrics == null ? Map.of() : s.lastMetrics;
    return s;
  }
}
