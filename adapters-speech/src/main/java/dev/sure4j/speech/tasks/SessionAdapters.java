package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.backbone.SpeechBackbone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The adapters a {@link SpeechSession} holds: which are loaded with which task, which merge when
 * they serve, and which one is merged into the backbone now. Not thread-safe: the session's
 * synchronized methods guard it.
 */
final class SessionAdapters {

  private final NDManager manager;
  private final AdapterModel model;
  private final SpeechBackbone backbone;
  private final Map<String, SpeechTask> tasks = new LinkedHashMap<>();
  private final Set<String> mergeWhenActive = new LinkedHashSet<>();
  private String merged;

  SessionAdapters(NDManager manager, AdapterModel model, SpeechBackbone backbone) {
    this.manager = manager;
    this.model = model;
    this.backbone = backbone;
  }

  /** Loads an adapter directory under a name; a failed load leaves everything unchanged. */
  SpeechTask load(String name, Path adapterDir) throws IOException {
    checkArgument(!tasks.containsKey(name), "adapter '%s' is already loaded", name);
    checkArgument(
        tasks.values().isEmpty() || !holdsFullFineTuning(),
        "a full fine-tuning adapter is loaded: it replaced the backbone, so '%s' cannot load beside"
            + " it",
        name);
    SpeechTask task = TaskFiles.load(adapterDir);
    BackboneSettings before = backbone.settings();
    useBackboneOf(adapterDir);
    try {
      loadAdapter(name, adapterDir, task);
    } catch (IOException | RuntimeException e) {
      backbone.apply(before);
      throw e;
    }
    tasks.put(name, task);
    return task;
  }

  private void loadAdapter(String name, Path adapterDir, SpeechTask task) throws IOException {
    AdapterConfig config = AdapterConfig.read(adapterDir.resolve(AdapterConfig.FILE_NAME));
    checkArgument(
        !AdapterMethods.of(config.spec()).ownsBaseTensors() || tasks.isEmpty(),
        "%s is a full fine-tuning adapter: it replaces the backbone's weights, so it needs a"
            + " session of its own (loaded: %s)",
        adapterDir,
        tasks.keySet());
    Block head = task.newHead(backbone, manager);
    try {
      AdapterFiles.load(model, adapterDir, name, head);
    } catch (IOException | RuntimeException e) {
      head.getParameters().values().forEach(p -> p.close());
      throw e;
    }
  }

  /**
   * Runs the backbone as the adapter was trained (Whisper's window): the first adapter sets it,
   * later ones must agree.
   */
  private void useBackboneOf(Path adapterDir) throws IOException {
    BackboneSettings trained = TaskFiles.backbone(adapterDir);
    BackboneSettings current = backbone.settings();
    if (trained.equals(current)) {
      return;
    }
    String file = adapterDir.resolve(TaskFiles.FILE_NAME).toString();
    checkArgument(
        tasks.isEmpty() || trained.kind() != current.kind(),
        "%s: the adapter was trained on backbone %s, but the session runs %s for %s",
        file,
        trained.describe(),
        current.describe(),
        tasks.keySet());
    try {
      backbone.apply(trained);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private boolean holdsFullFineTuning() {
    return model.adapters().values().stream().anyMatch(Adapter::ownsBaseTensors);
  }

  /** Returns a copy of adapter name to task, in load order. */
  Map<String, SpeechTask> snapshot() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
  }

  /** Returns a loaded adapter's task, or throws naming the loaded ones. */
  SpeechTask task(String name) {
    SpeechTask t = tasks.get(name);
    checkArgument(t != null, "no adapter '%s' is loaded; loaded: %s", name, tasks.keySet());
    return t;
  }

  /** Marks a loaded LoRA adapter to be merged whenever it serves. */
  void merge(String name) {
    task(name);
    checkArgument(
        model.adapter(name).mergeable(),
        "adapter '%s' is %s, which does not merge",
        name,
        model.adapter(name).spec().method());
    mergeWhenActive.add(name);
  }

  /** Tells whether a loaded adapter can share a backbone pass with others. */
  boolean canMix(String name) {
    task(name);
    return AdapterMethods.of(model.adapter(name).spec()).mixesPerRow()
        && !mergeWhenActive.contains(name);
  }

  /** Makes one adapter the active one, unmerging another and merging this one when marked. */
  void activate(String name) {
    if (merged != null && !merged.equals(name)) {
      unmerge();
    }
    model.setActiveAdapters(name);
    if (mergeWhenActive.contains(name) && merged == null) {
      model.merge(name);
      merged = name;
    }
  }

  /** Unmerges the merged adapter, if any, so the backbone holds its own weights. */
  void unmerge() {
    if (merged != null) {
      model.unmerge(merged);
      merged = null;
    }
  }

  /** Removes a loaded adapter and frees its weights and head (unmerged first when merged). */
  void remove(String name) {
    task(name);
    if (name.equals(merged)) {
      unmerge();
    }
    Adapter adapter = model.adapter(name);
    model.deleteAdapter(name);
    adapter.head().ifPresent(h -> h.getParameters().values().forEach(p -> p.close()));
    tasks.remove(name);
    mergeWhenActive.remove(name);
  }
}
