package dev.sure4j.speech.serving;

import dev.sure4j.speech.audio.PaddedBatch;
import dev.sure4j.speech.tasks.SpeechSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one thread that runs the backbone: takes queued requests, waits up to {@code maxWait} for
 * more (until {@code maxBatch} have come), groups what it took by adapter in arrival order and runs
 * each group as padded batches of at most {@code maxBatch} utterances. For an adapter whose output
 * depends on padding, only utterances of equal length share a pass. Exits once the server is closed
 * and the queue is empty, so every accepted request is answered.
 */
final class BatchWorker implements Runnable {

  private static final long IDLE_POLL_MILLIS = 20;

  private final BlockingQueue<InferenceRequest> queue;
  private final SpeechSession session;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final BooleanSupplier closed;
  private final Predicate<String> equalLengthsOnly;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  BatchWorker(
      BlockingQueue<InferenceRequest> queue,
      SpeechSession session,
      int maxBatch,
      long maxWaitNanos,
      BooleanSupplier closed,
      Predicate<String> equalLengthsOnly) {
    this.queue = queue;
    this.session = session;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.closed = closed;
    this.equalLengthsOnly = equalLengthsOnly;
  }

  ServerStats stats() {
    return new ServerStats(requests.get(), passes.get(), failed.get());
  }

  @Override
  public void run() {
    try {
      while (true) {
        InferenceRequest first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed.getAsBoolean() && queue.isEmpty()) {
            return;
          }
          continue;
        }
        List<InferenceRequest> taken = gather(first);
        Map<String, List<InferenceRequest>> groups = new LinkedHashMap<>();
        taken.forEach(r -> groups.computeIfAbsent(r.adapter(), k -> new ArrayList<>()).add(r));
        groups.forEach(this::runGroup);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes more requests until {@code maxBatch} have come or {@code maxWait} has passed. */
  private List<InferenceRequest> gather(InferenceRequest first) throws InterruptedException {
    List<InferenceRequest> taken = new ArrayList<>();
    taken.add(first);
    long deadline = System.nanoTime() + maxWaitNanos;
    while (taken.size() < maxBatch) {
      long left = deadline - System.nanoTime();
      InferenceRequest next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      taken.add(next);
    }
    queue.drainTo(taken, 3 * maxBatch);
    return taken;
  }

  private void runGroup(String adapter, List<InferenceRequest> group) {
    if (equalLengthsOnly.test(adapter)) {
      Map<Integer, List<InferenceRequest>> byLength = new LinkedHashMap<>();
      group.forEach(
          r -> byLength.computeIfAbsent(r.waveform().length, k -> new ArrayList<>()).add(r));
      byLength.values().forEach(g -> runChunks(adapter, g));
    } else {
      runChunks(adapter, group);
    }
  }

  private void runChunks(String adapter, List<InferenceRequest> group) {
    for (int from = 0; from < group.size(); from += maxBatch) {
      runBatch(adapter, group.subList(from, Math.min(group.size(), from + maxBatch)));
    }
  }

  private void runBatch(String adapter, List<InferenceRequest> batch) {
    List<float[]> waves = new ArrayList<>();
    batch.forEach(r -> waves.add(r.waveform()));
    requests.addAndGet(batch.size());
    try {
      PaddedBatch padded = PaddedBatch.pad(waves, session.audio().config().paddingValue());
      List<Prediction> out = session.forward(adapter, padded, Predictions::read);
      passes.incrementAndGet();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(out.get(i));
      }
    } catch (RuntimeException | Error e) {
      failed.addAndGet(batch.size());
      Throwable error =
          session.adapters().containsKey(adapter)
              ? e
              : new UnknownAdapterException(adapter, session.adapters().keySet());
      batch.forEach(r -> r.result().completeExceptionally(error));
    }
  }
}
