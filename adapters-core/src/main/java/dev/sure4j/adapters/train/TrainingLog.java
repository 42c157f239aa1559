package dev.sure4j.adapters.train;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The run's logs in {@code outputDir}: {@code train_log.csv} ({@code step,epoch,lr,loss,seconds}),
 * {@code eval_log.csv} ({@code step,epoch,lr,seconds} then the metric names in alphabetical order)
 * and {@code log.jsonl} (one JSON object per line with {@code type} "train" or "eval", {@code
 * step}, {@code epoch}, {@code lr}, {@code loss} (null on evaluation lines), {@code metrics} and
 * {@code seconds}). Opening rewrites the files from the history, so a resumed run drops the lines
 * written after its checkpoint.
 */
final class TrainingLog {

  static final String TRAIN_CSV = "train_log.csv";
  static final String EVAL_CSV = "eval_log.csv";
  static final String JSONL = "log.jsonl";

  private final Path dir;
  private List<String> metricNames;

  TrainingLog(Path dir, List<LogRow> history) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(TRAIN_CSV), "step,epoch,lr,loss,seconds\n", StandardCharsets.UTF_8);
    Files.deleteIfExists(dir.resolve(EVAL_CSV));
    Files.writeString(dir.resolve(JSONL), "", StandardCharsets.UTF_8);
    for (LogRow r : history) {
      add(r);
    }
  }

  void add(LogRow r) throws IOException {
    if (r.isEvaluation()) {
      if (metricNames == null) {
        metricNames = new ArrayList<>(new TreeSet<>(r.metrics().keySet()));
        append(EVAL_CSV, "step,epoch,lr,seconds," + String.join(",", metricNames) + "\n");
      }
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%d,%d,%s,%.3f",
                  r.step(),
                  r.epoch(),
                  r.learningRate(),
                  r.seconds()));
      for (String m : metricNames) {
        Double v = r.metrics().get(m);
        b.append(',').append(v == null ? "" : v.toString());
      }
      append(EVAL_CSV, b.append('\n').toString());
    } else {
      append(
          TRAIN_CSV,
          String.format(
              Locale.ROOT,
              "%d,%d,%s,%s,%.3f%n",
              r.step(),
              r.epoch(),
              r.learningRate(),
              r.loss(),
              r.seconds()));
    }
    JsonObject o = new JsonObject();
    o.addProperty("type", r.isEvaluation() ? "eval" : "train");
    o.addProperty("step", r.step());
    o.addProperty("epoch", r.epoch());
    o.addProperty("lr", r.learningRate());
    if (Double.isFinite(r.loss())) {
      o.addProperty("loss", r.loss());
    } else {
      o.add("loss", JsonNull.INSTANCE);
    }
    JsonObject m = new JsonObject();
    r.metrics().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> m.addProperty(e.getKey(), finiteOrNull(e.getValue())));
    o.add("metrics", m);
    o.addProperty("seconds", r.seconds());
    append(JSONL, o + "\n");
  }

  private static Double finiteOrNull(Double v) {
    return v != null && Double.isFinite(v) ? v : null;
  }

  private void append(String file, String text) throws IOException {
    try (Writer w =
        Files.newBufferedWriter(
            dir.resolve(file),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      w.write(text);
    }
  }
}
