package dev.sure4j.speech.serving;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an {@link AdapterServer} ({@link AdapterServer#builder()}): the backbone, the adapters to
 * load first, and the limits of batching and queueing.
 */
public final class AdapterServerBuilder {

  private Path checkpoint;
  private int maxBatchSize = 8;
  private Duration maxWait = Duration.ofMillis(2);
  private int queueCapacity = 256;
  private Map<String, Path> adapters = Map.of();
  private Device device;
  private boolean mixAdapters = false;

  AdapterServerBuilder() {}

  /**
   * Sets whether requests for different adapters share a backbone pass when their methods allow it
   * (mixed-adapter batches: LoRA, bottleneck, ConvAdapter, linear probe; see {@link
   * SpeechSession#forwardMixed}). When off, adapters take turns. Off by default: on the bundled
   * 0.93 M-parameter backbone the per-row routing cost more than the fewer passes saved (see
   * docs/serving.md).
   *
   * @param mix true to mix (default false)
   * @return this builder
   */
  public AdapterServerBuilder optMixAdapters(boolean mix) {
    this.mixAdapters = mix;
    return this;
  }

  /**
   * Sets the backbone (required).
   *
   * @param checkpoint a Hugging Face HuBERT or wav2vec2 directory
   * @return this builder
   */
  public AdapterServerBuilder setCheckpoint(Path checkpoint) {
    this.checkpoint = checkpoint;
    return this;
  }

  /**
   * Sets the most utterances of one adapter in one backbone pass; 1 turns batching off.
   *
   * @param n utterances, at least 1 (default 8)
   * @return this builder
   */
  public AdapterServerBuilder optMaxBatchSize(int n) {
    checkArgument(n >= 1, "max batch size must be >= 1: %s", n);
    this.maxBatchSize = n;
    return this;
  }

  /**
   * Sets how long the worker waits for more requests to fill a batch once one has come.
   *
   * @param wait a non-negative duration (default 2 ms)
   * @return this builder
   */
  public AdapterServerBuilder optMaxWait(Duration wait) {
    checkArgument(!wait.isNegative(), "max wait must not be negative: %s", wait);
    this.maxWait = wait;
    return this;
  }

  /**
   * Sets how many requests may wait; further ones are rejected.
   *
   * @param n requests, at least 1 (default 256)
   * @return this builder
   */
  public AdapterServerBuilder optQueueCapacity(int n) {
    checkArgument(n >= 1, "queue capacity must be >= 1: %s", n);
    this.queueCapacity = n;
    return this;
  }

  /**
   * Sets adapters to load before the server is returned.
   *
   * @param adapters name to adapter directory, loaded in this order (default none)
   * @return this builder
   */
  public AdapterServerBuilder optAdapters(Map<String, Path> adapters) {
    this.adapters = new LinkedHashMap<>(adapters);
    return this;
  }

  /**
   * Sets the device the backbone and the adapters run on.
   *
   * @param device the CPU or a GPU the engine sees (default: the engine's default device)
   * @return this builder
   */
  public AdapterServerBuilder optDevice(Device device) {
    this.device = checkNotNull(device, "device");
    return this;
  }

  /**
   * Loads the backbone and the adapters, then starts the worker.
   *
   * @return the server
   * @throws IOException when the checkpoint or an adapter cannot be read (nothing stays open)
   */
  public AdapterServer build() throws IOException {
    checkArgument(checkpoint != null, "setCheckpoint is required");
    AdapterServer server =
        new AdapterServer(
            device == null
                ? SpeechSession.open(checkpoint)
                : SpeechSession.open(checkpoint, device),
            mixAdapters,
            maxBatchSize,
            maxWait,
            queueCapacity);
    try {
      for (Map.Entry<String, Path> e : adapters.entrySet()) {
        server.load(e.getKey(), e.getValue());
      }
    } catch (IOException | RuntimeException e) {
      server.closeQuietly();
      throw e;
    }
    return server;
  }
}
