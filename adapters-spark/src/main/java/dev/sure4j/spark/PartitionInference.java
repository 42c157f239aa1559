package dev.sure4j.spark;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PaddedBatch;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperSession;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The executor side of {@link SpeechInference}: reads a partition {@code batchSize} rows at a time,
 * runs each row's adapter on the executor's shared session, and returns the input rows with the
 * output and error cells appended. A row whose audio cannot be read, whose adapter is unknown or
 * whose batch fails gets a null output and a one-line error; the task goes on.
 */
final class PartitionInference implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final String BARE = "";

  private final InferenceSpec spec;
  private final Broadcast<Map<String, AdapterBundle>> adapters;
  private final Broadcast<SerializableConfiguration> conf;
  private final int audioIndex;
  private final int adapterIndex;
  private final int threads;
  private final boolean whisper;

  /**
   * Creates the function.
   *
   * @param spec the run
   * @param adapters name to adapter bytes
   * @param conf the driver's Hadoop configuration
   * @param audioIndex the audio column's index
   * @param adapterIndex the adapter column's index, or -1
   * @param threads libtorch intra-op threads per executor JVM
   * @param whisper whether the model is a Whisper directory (rows are transcribed)
   */
  PartitionInference(
      InferenceSpec spec,
      Broadcast<Map<String, AdapterBundle>> adapters,
      Broadcast<SerializableConfiguration> conf,
      int audioIndex,
      int adapterIndex,
      int threads,
      boolean whisper) {
    this.spec = spec;
    this.adapters = adapters;
    this.conf = conf;
    this.audioIndex = audioIndex;
    this.adapterIndex = adapterIndex;
    this.threads = threads;
    this.whisper = whisper;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private Iterator<Row> ready = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!ready.hasNext() && input.hasNext()) {
          List<Row> batch = new ArrayList<>();
          while (batch.size() < spec.batchSize() && input.hasNext()) {
            batch.add(input.next());
          }
          ready = run(batch).iterator();
        }
        return ready.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.next();
      }
    };
  }

  private List<Row> run(List<Row> rows) {
    Object[] outputs = new Object[rows.size()];
    String[] errors = new String[rows.size()];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String name = adapterOf(rows.get(i));
      if (name.equals(BARE) && spec.output() == OutputKind.PREDICTION) {
        errors[i] = "no adapter: the adapter column is null and no default adapter is set";
      } else if (!name.equals(BARE) && !adapters.value().containsKey(name)) {
        errors[i] = "unknown adapter '" + name + "'; known: " + adapters.value().keySet();
      } else {
        groups.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      if (whisper) {
        transcribeGroup(g.getKey(), g.getValue(), rows, outputs, errors);
      } else {
        runGroup(g.getKey(), g.getValue(), rows, outputs, errors);
      }
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Object[] values = new Object[r.length() + 2];
      for (int c = 0; c < r.length(); c++) {
        values[c] = r.get(c);
      }
      values[r.length()] = outputs[i];
      values[r.length() + 1] = errors[i];
      out.add(RowFactory.create(values));
    }
    return out;
  }

  private String adapterOf(Row row) {
    if (adapterIndex >= 0 && !row.isNullAt(adapterIndex)) {
      return row.getString(adapterIndex);
    }
    return spec.defaultAdapter().orElse(BARE);
  }

  private void runGroup(
      String name, List<Integer> members, List<Row> rows, Object[] outputs, String[] errors) {
    Configuration hadoop = conf.value().value();
    AdapterBundle bundle = name.equals(BARE) ? null : adapters.value().get(name);
    SpeechSession session;
    try {
      session = ExecutorSessions.session(spec.model(), bundle, threads, spec.device(), hadoop);
    } catch (RuntimeException e) {
      members.forEach(i -> errors[i] = "adapter '" + name + "': " + oneLine(e));
      return;
    }
    Map<Integer, float[]> waves = new LinkedHashMap<>();
    for (int i : members) {
      Object cell = rows.get(i).get(audioIndex);
      try {
        waves.put(i, AudioCells.read(cell, session.audio(), hadoop));
      } catch (Exception e) {
        errors[i] = AudioCells.describe(cell) + ": " + oneLine(e);
      }
    }
    for (List<Integer> pass : passes(session, bundle, waves)) {
      List<float[]> batch = new ArrayList<>();
      pass.forEach(i -> batch.add(waves.get(i)));
      try {
        List<Object> cells =
            forward(
                session, bundle, PaddedBatch.pad(batch, session.audio().config().paddingValue()));
        for (int k = 0; k < pass.size(); k++) {
          outputs[pass.get(k)] = cells.get(k);
        }
      } catch (RuntimeException e) {
        pass.forEach(i -> errors[i] = "batch of " + pass.size() + " rows failed: " + oneLine(e));
      }
    }
  }

  /** Transcribes a group of rows one at a time with a Whisper session (greedy, 30 s windows). */
  private void transcribeGroup(
      String name, List<Integer> members, List<Row> rows, Object[] outputs, String[] errors) {
    Configuration hadoop = conf.value().value();
    AdapterBundle bundle = adapters.value().get(name);
    WhisperSession session;
    try {
      session = ExecutorSessions.whisper(spec.model(), bundle, threads, spec.device(), hadoop);
    } catch (RuntimeException e) {
      members.forEach(i -> errors[i] = "adapter '" + name + "': " + oneLine(e));
      return;
    }
    AudioPipeline audio = WhisperFeatures.pipeline(InputLimits.defaults());
    for (int i : members) {
      Object cell = rows.get(i).get(audioIndex);
      try {
        float[] wave = AudioCells.read(cell, audio, hadoop);
        String text = session.transcribe(ExecutorSessions.loadedName(bundle), wave).text();
        outputs[i] = OutputRows.transcript(name, text);
      } catch (Exception e) {
        errors[i] = AudioCells.describe(cell) + ": " + oneLine(e);
      }
    }
  }

  /**
   * Splits rows into forward passes: one, or, for an adapter whose outputs depend on the padding
   * beside an utterance ({@link AdapterServer#paddingChangesOutputs}), one per waveform length.
   */
  private static List<List<Integer>> passes(
      SpeechSession session, AdapterBundle bundle, Map<Integer, float[]> waves) {
    if (waves.isEmpty()) {
      return List.of();
    }
    boolean byLength = false;
    if (bundle != null) {
      synchronized (session) {
        String loaded = ExecutorSessions.loadedName(bundle);
        byLength = AdapterServer.paddingChangesOutputs(session.model().adapter(loaded).spec());
      }
    }
    if (!byLength) {
      return List.of(new ArrayList<>(waves.keySet()));
    }
    Map<Integer, List<Integer>> byLen = new LinkedHashMap<>();
    waves.forEach((i, w) -> byLen.computeIfAbsent(w.length, k -> new ArrayList<>()).add(i));
    return new ArrayList<>(byLen.values());
  }

  private List<Object> forward(SpeechSession session, AdapterBundle bundle, PaddedBatch batch) {
    String loaded = bundle == null ? null : ExecutorSessions.loadedName(bundle);
    if (spec.output() != OutputKind.PREDICTION) {
      return HiddenStates.encode(
          session, loaded, batch, spec.layer(), spec.output() == OutputKind.POOLED_HIDDEN_STATES);
    }
    List<Prediction> predictions = session.forward(loaded, batch, Predictions::read);
    List<Object> cells = new ArrayList<>();
    predictions.forEach(p -> cells.add(OutputRows.prediction(bundle.name(), p)));
    return cells;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\n', ' ');
  }
}
