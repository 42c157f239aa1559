package dev.sure4j.speech.serving;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The adapters an {@link AdapterServer} has loaded, as requests and the batch worker see them: a
 * snapshot read without taking the session's lock, replaced whole by {@link #load} and {@link
 * #remove}, which hold this registry's lock so that only one changes the model's adapters at a
 * time.
 */
final class ServedAdapters {

  /** A loaded adapter: its task and how the worker may batch its requests. */
  private record Served(SpeechTask task, boolean equalLengthsOnly, boolean mixes) {}

  private final SpeechSession session;
  private final boolean mixAdapters;
  private volatile Map<String, Served> served = Map.of();

  ServedAdapters(SpeechSession session, boolean mixAdapters) {
    this.session = session;
    this.mixAdapters = mixAdapters;
  }

  /**
   * Loads an adapter directory into the session and publishes it; a failed load changes nothing.
   */
  synchronized SpeechTask load(String name, Path adapterDir) throws IOException {
    SpeechTask task = session.load(name, adapterDir);
    // only load and remove (holding this lock) change the model's adapters, so this read is safe
    AdapterSpec spec = session.model().adapter(name).spec();
    boolean equalLengthsOnly = AdapterServer.paddingChangesOutputs(spec);
    Map<String, Served> next = new LinkedHashMap<>(served);
    next.put(name, new Served(task, equalLengthsOnly, mixAdapters && session.canMix(name)));
    served = Collections.unmodifiableMap(next);
    return task;
  }

  /** Removes an adapter from the session once its running pass is done, then from the snapshot. */
  synchronized void remove(String name) {
    session.remove(name);
    Map<String, Served> next = new LinkedHashMap<>(served);
    next.remove(name);
    served = Collections.unmodifiableMap(next);
  }

  /** Returns the loaded names, a snapshot. */
  Set<String> names() {
    return served.keySet();
  }

  /** Returns adapter name to task, in load order, a snapshot. */
  Map<String, SpeechTask> tasks() {
    Map<String, SpeechTask> out = new LinkedHashMap<>();
    served.forEach((name, a) -> out.put(name, a.task()));
    return Collections.unmodifiableMap(out);
  }

  /** Says whether only equal-length utterances may share a pass (true for unknown names). */
  boolean equalLengthsOnly(String name) {
    Served a = served.get(name);
    return a == null || a.equalLengthsOnly();
  }

  /** Says whether requests may share a mixed-adapter pass (false for unknown names). */
  boolean mixes(String name) {
    Served a = served.get(name);
    return a != null && a.mixes();
  }
}
