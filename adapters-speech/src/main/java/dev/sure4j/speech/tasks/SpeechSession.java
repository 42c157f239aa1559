package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.mixed.MixedBatch;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PaddedBatch;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.data.AudioDataset;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.device.Devices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Inference with one backbone and many task adapters: the backbone is loaded once, any number of
 * adapter directories written by {@link TaskTrainer} are loaded beside it, and every request names
 * the adapter it runs with.
 *
 * <pre>{@code
 * try (SpeechSession session = SpeechSession.open(Path.of("models/mini-hubert"))) {
 *   session.load("kws", Path.of("runs/kws-lora/adapter"));
 *   session.load("emotion", Path.of("runs/emotion-conv/adapter"));
 *   String word = session.predict("kws", Path.of("clip.wav"));
 *   String mood = session.predict("emotion", Path.of("clip.wav"));
 *   session.merge("kws"); // LoRA folded into the weights while "kws" is in use
 * }
 * }</pre>
 *
 * <p>A merged LoRA adapter is unmerged automatically before a request for another adapter and
 * merged again on its next request. A full fine-tuning adapter replaces the backbone's weights, so
 * it only loads into a session that holds no other adapter, and nothing loads after it. Methods are
 * synchronized: one request runs at a time, and a load or removal waits for the running request.
 * {@code dev.sure4j.speech.serving.AdapterServer} serves many threads at once on top of a session,
 * batching their requests.
 */
public final class SpeechSession implements AutoCloseable {

  private final NDManager manager;
  private final AdapterModel model;
  private final AudioPipeline audio;
  private final SessionAdapters adapters;

  private SpeechSession(NDManager manager, SpeechBackbone encoder, AudioPipeline audio) {
    this.manager = manager;
    this.model = AdapterModel.wrap(encoder);
    this.audio = audio;
    this.adapters = new SessionAdapters(manager, model, encoder);
  }

  /**
   * Loads a backbone on the engine's default device (the first GPU when there is one, else the
   * CPU).
   *
   * @param checkpoint a Hugging Face HuBERT, wav2vec2 or Whisper directory
   * @return the session, holding no adapter yet
   * @throws IOException when the checkpoint or its preprocessor config cannot be read
   */
  public static SpeechSession open(Path checkpoint) throws IOException {
    return open(checkpoint, Engine.getInstance().defaultDevice());
  }

  /**
   * Loads a backbone on a device; its adapters and every request run there.
   *
   * @param checkpoint a Hugging Face HuBERT, wav2vec2 or Whisper directory
   * @param device the CPU or a GPU the engine sees
   * @return the session, holding no adapter yet
   * @throws IOException when the checkpoint or its preprocessor config cannot be read
   * @throws IllegalArgumentException for a GPU the engine does not see (nothing is loaded)
   */
  public static SpeechSession open(Path checkpoint, Device device) throws IOException {
    NDManager manager = NDManager.newBaseManager(Devices.check(device));
    try {
      SpeechBackbone encoder = Backbones.load(checkpoint, manager);
      AudioPipeline audio = Backbones.audio(checkpoint);
      return new SpeechSession(manager, encoder, audio);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Loads an adapter directory written by a task run ({@code adapter_config.json}, {@code
   * adapter_model.safetensors}, {@code task.json}). A failed load leaves the session unchanged.
   *
   * @param name the name requests use
   * @param adapterDir the directory
   * @return the adapter's task
   * @throws IOException when a file is missing, unreadable or does not fit the backbone
   * @throws IllegalArgumentException for a taken name, or a full fine-tuning adapter beside others
   */
  public synchronized SpeechTask load(String name, Path adapterDir) throws IOException {
    return adapters.load(name, adapterDir);
  }

  /**
   * Returns the loaded adapters and their tasks.
   *
   * @return adapter name to task, in load order
   */
  public synchronized Map<String, SpeechTask> adapters() {
    return adapters.snapshot();
  }

  /**
   * Folds a LoRA adapter into the backbone's weights whenever it serves a request, so it runs at
   * the backbone's cost.
   *
   * @param name a loaded adapter whose method merges (LoRA)
   * @throws IllegalArgumentException for an unknown adapter or one whose method does not merge
   */
  public synchronized void merge(String name) {
    adapters.merge(name);
  }

  /**
   * Runs one audio file through an adapter.
   *
   * @param name a loaded adapter
   * @param file an audio file (WAV, or any format the pipeline's decoders read)
   * @return the prediction in words: a class name, {@code action / object / location}, or a
   *     transcript
   * @throws IOException when the file cannot be read
   */
  public synchronized String predict(String name, Path file) throws IOException {
    return predict(name, List.of(file)).get(0);
  }

  /**
   * Runs a batch of audio files through an adapter.
   *
   * @param name a loaded adapter
   * @param files audio files
   * @return one prediction per file, in order
   * @throws IOException when a file cannot be read (the message names it)
   */
  public synchronized List<String> predict(String name, List<Path> files) throws IOException {
    checkArgument(!files.isEmpty(), "no audio files to predict");
    adapters.task(name);
    return forward(name, audio.loadBatch(files), SpeechTask::describe);
  }

  /**
   * Runs a padded batch of prepared waveforms through an adapter and reads the outputs before they
   * are freed.
   *
   * @param name a loaded adapter
   * @param batch waveforms from {@link #audio()}, [batch, maxSamples] with their lengths
   * @param reader turns the adapter's task and its head's outputs (freed after it returns) into
   *     results
   * @param <T> the result type
   * @return what {@code reader} returns
   * @throws IllegalArgumentException for an adapter that is not loaded, listing the loaded ones
   */
  public synchronized <T> T forward(
      String name, PaddedBatch batch, BiFunction<SpeechTask, NDList, T> reader) {
    SpeechTask task = adapters.task(name);
    adapters.activate(name);
    try (NDManager scope = manager.newSubManager()) {
      NDList out =
          model.forward(new ParameterStore(scope, false), WaveformInputs.of(scope, batch), false);
      return reader.apply(task, out);
    }
  }

  /**
   * Tells whether an adapter can share a backbone pass with other adapters ({@link #forwardMixed}):
   * LoRA that is not set to {@link #merge}, bottleneck, ConvAdapter and the linear probe can;
   * prefix tuning and full fine-tuning cannot.
   *
   * @param name a loaded adapter
   * @return true when it can mix
   */
  public synchronized boolean canMix(String name) {
    return adapters.canMix(name);
  }

  /**
   * Runs a padded batch whose rows name different adapters in one backbone pass ({@link
   * MixedBatch}: each row gets its own adapter's updates and head), unmerging a merged adapter
   * first.
   *
   * @param rowAdapters the adapter of each row, {@code [batch]}; each must {@link #canMix}
   * @param batch waveforms from {@link #audio()}, [batch, maxSamples] with their lengths
   * @param reader turns an adapter's task and its head's outputs for its rows (in row order, freed
   *     after it returns) into one result per row
   * @param <T> the result type
   * @return one result per row, in batch order
   * @throws IllegalArgumentException for an adapter that is not loaded or cannot mix
   */
  public synchronized <T> List<T> forwardMixed(
      List<String> rowAdapters, PaddedBatch batch, BiFunction<SpeechTask, NDList, List<T>> reader) {
    RowAdapters rows = RowAdapters.of(rowAdapters);
    for (String name : rows.adapters()) {
      checkArgument(canMix(name), "adapter '%s' cannot share a pass with other adapters", name);
    }
    adapters.unmerge();
    List<T> out = new ArrayList<>(Collections.nCopies(rowAdapters.size(), null));
    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDList> groups =
          MixedBatch.forward(
              model, new ParameterStore(scope, false), WaveformInputs.of(scope, batch), rows);
      groups.forEach(
          (name, nd) -> {
            List<T> results = reader.apply(adapters.task(name), nd);
            int[] r = rows.rows(name);
            for (int k = 0; k < r.length; k++) {
              out.set(r[k], results.get(k));
            }
          });
    }
    return out;
  }

  /**
   * Removes an adapter and frees its weights and head (unmerged first when merged).
   *
   * @param name a loaded adapter
   * @throws IllegalArgumentException for an adapter that is not loaded, listing the loaded ones
   */
  public synchronized void remove(String name) {
    adapters.remove(name);
  }

  /**
   * Returns the audio pipeline that prepares waveforms for this backbone.
   *
   * @return the pipeline (thread-safe: it holds no per-call state)
   */
  public AudioPipeline audio() {
    return audio;
  }

  /**
   * Scores an adapter on labelled entries with its task's evaluator (audio streamed from disk,
   * unreadable files reported and skipped).
   *
   * @param name a loaded adapter
   * @param entries entries with the task's columns ({@code label}, intent slots or {@code
   *     transcript})
   * @param batchSize utterances per batch
   * @return the task's metrics (for example {@code accuracy}, {@code weighted_f1})
   * @throws IOException when the audio cannot be read
   * @throws TranslateException when a batch cannot be made
   */
  public synchronized Map<String, Double> evaluate(
      String name, List<ManifestEntry> entries, int batchSize)
      throws IOException, TranslateException {
    SpeechTask task = adapters.task(name);
    checkArgument(!entries.isEmpty(), "no entries to evaluate");
    AudioDataset data =
        AudioDataset.builder()
            .setEntries(entries)
            .setPipeline(audio)
            .setLabels(task.batchLabels())
            .optBatchSize(batchSize)
            .build();
    adapters.activate(name);
    return TaskEvaluation.evaluate(model, data, task.newEvaluator(), manager);
  }

  /**
   * Returns the adapter model, for direct use of its blocks.
   *
   * @return the model
   */
  public AdapterModel model() {
    return model;
  }

  /** Frees the backbone and every adapter. */
  @Override
  public synchronized void close() {
    manager.close();
  }
}
