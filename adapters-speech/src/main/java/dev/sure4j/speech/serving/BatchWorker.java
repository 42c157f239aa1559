package dev.sure4j.speech.serving;

import dev.sure4j.speech.audio.PaddedBatch;
import dev.sure4j.speech.tasks.SpeechSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one thread that runs the backbone: takes queued requests, waits up to {@code maxWait} for
 * more (until {@code maxBatch} have come), groups what it took in arrival order and runs each group
 * as padded batches of at most {@code maxBatch} utterances. Requests for adapters that mix ({@link
 * SpeechSession#forwardMixed}) form one group whatever their adapter; the others are grouped by
 * adapter. For an adapter whose output depends on padding, only utterances of equal length share a
 * pass. Exits once the server is closed and the queue is empty, so every accepted request is
 * answered.
 */
final class BatchWorker implements Runnable {

  private static final long IDLE_POLL_MILLIS = 20;

  private final BlockingQueue<InferenceRequest> queue;
  private final SpeechSession session;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final BooleanSupplier closed;
  private final Predicate<String> equalLengthsOnly;
  private final Predicate<String> mixes;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  BatchWorker(
      BlockingQueue<InferenceRequest> queue,
      SpeechSession session,
      int maxBatch,
      long maxWaitNanos,
      BooleanSupplier closed,
      Predicate<String> equalLengthsOnly,
      Predicate<String> mixes) {
    this.queue = queue;
    this.session = session;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.closed = closed;
    this.equalLengthsOnly = equalLengthsOnly;
    this.mixes = mixes;
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
        List<InferenceRequest> mixed = new ArrayList<>();
        for (InferenceRequest r : taken) {
          if (mixes.test(r.adapter())) {
            mixed.add(r);
          } else {
            groups.computeIfAbsent(r.adapter(), k -> new ArrayList<>()).add(r);
          }
        }
        if (!mixed.isEmpty()) {
          runMixed(mixed);
        }
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

  /** Mixing requests: padding-sensitive ones by length, the rest together, in chunks. */
  private void runMixed(List<InferenceRequest> group) {
    Map<Integer, List<InferenceRequest>> byLength = new LinkedHashMap<>();
    group.forEach(
        r -> {
          int key = equalLengthsOnly.test(r.adapter()) ? r.waveform().length : -1;
          byLength.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        });
    for (List<InferenceRequest> g : byLength.values()) {
      for (int from = 0; from < g.size(); from += maxBatch) {
        List<InferenceRequest> chunk = g.subList(from, Math.min(g.size(), from + maxBatch));
        if (chunk.stream().allMatch(r -> r.adapter().equals(chunk.get(0).adapter()))) {
          runBatch(chunk.get(0).adapter(), chunk);
        } else {
          run(chunk, padded -> session.forwardMixed(adapters(chunk), padded, Predictions::read));
        }
      }
    }
  }

  private static List<String> adapters(List<InferenceRequest> batch) {
    List<String> names = new ArrayList<>();
    batch.forEach(r -> names.add(r.adapter()));
    return names;
  }

  private void runChunks(String adapter, List<InferenceRequest> group) {
    for (int from = 0; from < group.size(); from += maxBatch) {
      runBatch(adapter, group.subList(from, Math.min(group.size(), from + maxBatch)));
    }
  }

  private void runBatch(String adapter, List<InferenceRequest> batch) {
    run(batch, padded -> session.forward(adapter, padded, Predictions::read));
  }

  /** Pads the batch, runs one pass and answers every request (a removed adapter's as unknown). */
  private void run(List<InferenceRequest> batch, Function<PaddedBatch, List<Prediction>> pass) {
    List<float[]> waves = new ArrayList<>();
    batch.forEach(r -> waves.add(r.waveform()));
    requests.addAndGet(batch.size());
    try {
      List<Prediction> out =
          pass.apply(PaddedBatch.pad(waves, session.audio().config().paddingValue()));
      passes.incrementAndGet();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(out.get(i));
      }
    } catch (RuntimeException | Error e) {
      failed.addAndGet(batch.size());
      Set<String> loaded = session.adapters().keySet();
      for (InferenceRequest r : batch) {
        r.result()
            .completeExceptionally(
                loaded.contains(r.adapter())
                    ? e
                    : new UnknownAdapterException(r.adapter(), loaded));
      }
    }
  }
}
