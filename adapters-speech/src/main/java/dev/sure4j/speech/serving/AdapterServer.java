package dev.sure4j.speech.serving;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves several task adapters on one frozen backbone to any number of threads.
 *
 * <pre>{@code
 * try (AdapterServer server = AdapterServer.builder().setCheckpoint(Path.of("models/mini-hubert")).build()) {
 *   server.load("kws", Path.of("runs/kws-lora/adapter"));
 *   server.load("intent", Path.of("runs/intent-bottleneck/adapter"));
 *   Prediction p = server.predict("kws", Path.of("clip.wav"));   // from any thread
 * }
 * }</pre>
 *
 * <p>Concurrency: callers decode, resample and normalise their audio on their own threads, in
 * parallel, then queue it. One worker thread owns the model and runs one backbone pass at a time
 * (PyTorch spreads each pass over the cores); requests that are queued together share a padded pass
 * of up to {@code maxBatchSize} utterances: requests for adapters that mix (LoRA, bottleneck,
 * ConvAdapter, linear probe) share it whatever their adapter when {@link
 * AdapterServerBuilder#optMixAdapters} is on, each row with its own adapter; otherwise (and always
 * for prefix-tuning and full fine-tuning adapters) requests batch by adapter and adapters take
 * turns. For a convolutional adapter, whose outputs depend on padding, only utterances of equal
 * length share a pass (see {@link #paddingChangesOutputs}). Switching the active adapter happens
 * only on the worker, inside the session's lock, so no request ever runs with another request's
 * adapter. {@link #load} and {@link #remove} take the same lock: they wait for the running pass and
 * never overlap one. A request whose adapter is removed before its turn fails with {@link
 * UnknownAdapterException}; requests for other adapters are untouched. LoRA merging is not offered:
 * merging and unmerging in turn would not restore the backbone's weights bit for bit.
 */
public final class AdapterServer implements AutoCloseable {

  private final SpeechSession session;
  private final ServedAdapters served;
  private final BlockingQueue<InferenceRequest> queue;
  private final BatchWorker worker;
  private final Thread thread;
  private final Object lifecycle = new Object();
  private volatile boolean closed;

  AdapterServer(
      SpeechSession session,
      boolean mixAdapters,
      int maxBatchSize,
      Duration maxWait,
      int queueCapacity) {
    this.session = session;
    this.served = new ServedAdapters(session, mixAdapters);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker =
        new BatchWorker(
            queue,
            session,
            maxBatchSize,
            maxWait.toNanos(),
            () -> closed,
            served::equalLengthsOnly,
            served::mixes);
    this.thread = new Thread(worker, "sure4j-inference");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static AdapterServerBuilder builder() {
    return new AdapterServerBuilder();
  }

  /**
   * Loads an adapter directory written by a task run; requests may name it once this returns. A
   * failed load changes nothing.
   *
   * @param name the name requests use
   * @param adapterDir the directory ({@code adapter_config.json}, {@code
   *     adapter_model.safetensors}, {@code task.json})
   * @return the adapter's task
   * @throws IOException when a file is missing, unreadable or does not fit the backbone
   */
  public SpeechTask load(String name, Path adapterDir) throws IOException {
    checkState(!closed, "the server is closed: cannot load '%s'", name);
    return served.load(name, adapterDir);
  }

  /**
   * Says whether an adapter's outputs for an utterance depend on the padding beside it in a batch:
   * the convolutional adapter's squeeze-and-excitation averages over every frame, padding included,
   * as the SURE reference does. Such adapters batch only utterances of equal length.
   *
   * @param spec an adapter's spec
   * @return true when padding changes its outputs
   */
  public static boolean paddingChangesOutputs(AdapterSpec spec) {
    return AdapterMethods.of(spec).paddingChangesOutputs();
  }

  /**
   * Removes an adapter once the running pass is done; its queued requests fail with {@link
   * UnknownAdapterException}.
   *
   * @param name a loaded adapter
   */
  public void remove(String name) {
    served.remove(name);
  }

  /**
   * Returns the loaded adapters.
   *
   * @return adapter name to task, in load order (a snapshot)
   */
  public Map<String, SpeechTask> adapters() {
    return served.tasks();
  }

  /**
   * Returns the pipeline that turns audio files into waveforms for this backbone.
   *
   * @return the pipeline; safe to use from any thread
   */
  public AudioPipeline audio() {
    return session.audio();
  }

  /**
   * Queues one prepared waveform.
   *
   * @param adapter a loaded adapter
   * @param waveform samples [samples] from {@link #audio()}: the backbone's rate, mono, normalised
   *     as its preprocessor config says
   * @return the prediction, completed by the worker (exceptionally with {@link
   *     UnknownAdapterException} when the adapter is removed first)
   * @throws UnknownAdapterException for an adapter that is not loaded
   * @throws RejectedExecutionException when the queue is full or the server is closed
   */
  public CompletableFuture<Prediction> submit(String adapter, float[] waveform) {
    Set<String> loaded = served.names();
    if (!loaded.contains(adapter)) {
      throw new UnknownAdapterException(adapter, loaded);
    }
    checkArgument(
        waveform.length >= audio().minSamples(),
        "%s samples is shorter than the encoder's receptive field of %s samples",
        waveform.length,
        audio().minSamples());
    InferenceRequest r = new InferenceRequest(adapter, waveform, new CompletableFuture<>());
    synchronized (lifecycle) {
      if (closed) {
        throw new RejectedExecutionException("the server is closed");
      }
      if (!queue.offer(r)) {
        throw new RejectedExecutionException(
            String.format("the queue is full: %d requests wait", queue.size()));
      }
    }
    return r.result();
  }

  /**
   * Predicts one prepared waveform, waiting for the answer.
   *
   * @param adapter a loaded adapter
   * @param waveform samples [samples] from {@link #audio()}
   * @return the prediction
   * @throws UnknownAdapterException for an adapter that is not (or no longer) loaded
   */
  public Prediction predict(String adapter, float[] waveform) {
    try {
      return submit(adapter, waveform).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Predicts one audio file, waiting for the answer.
   *
   * @param adapter a loaded adapter
   * @param file an audio file (WAV, or any format the pipeline's decoders read)
   * @return the prediction
   * @throws IOException when the file cannot be read (the message names it)
   */
  public Prediction predict(String adapter, Path file) throws IOException {
    return predict(adapter, audio().load(file));
  }

  /**
   * Returns the counters: requests, backbone passes, failures.
   *
   * @return a snapshot
   */
  public ServerStats stats() {
    return worker.stats();
  }

  /**
   * Stops accepting requests, answers every queued one, then frees the backbone and adapters.
   *
   * @throws InterruptedException when interrupted while waiting for the queue to drain
   */
  @Override
  public void close() throws InterruptedException {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    thread.join();
    session.close();
  }

  void closeQuietly() {
    try {
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
