package dev.sure4j.cli.soak;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j soak}: trains a LoRA and a bottleneck adapter for {@code --steps} optimizer steps
 * in all, then sends {@code --requests} requests that alternate between them to an {@link
 * AdapterServer} (reloading one of them every {@code --reload-every} requests), sampling the
 * process's resident memory, live NDArrays and Java heap every {@code --sample-every-steps} steps
 * (phases {@code train-lora}, {@code train-bottleneck}) and {@code --sample-every-requests}
 * requests (phase {@code serve}). Writes {@code --out}/soak.csv and prints, per phase, the first
 * and last samples and the least-squares slope after the first fifth.
 */
@Command(
    name = "soak",
    description =
        "Long training and serving run that samples RSS and live NDArrays (--out/soak.csv,"
            + " --out a directory).")
public final class SoakCommand implements Callable<Integer> {

  /** The samples file inside {@code --out}. */
  public static final String CSV = "soak.csv";

  @Mixin BackboneOption backbone;

  @Mixin DeviceOption device;

  @Option(
      names = "--data",
      defaultValue = "data/mini/kws",
      description = "A classification task's train/val/test manifests (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--steps", defaultValue = "1000", description = "Training steps, all adapters.")
  long steps;

  @Option(names = "--requests", defaultValue = "10000", description = "Inference requests.")
  long requests;

  @Option(names = "--clients", defaultValue = "4", description = "Concurrent client threads.")
  int clients;

  @Option(names = "--batch-size", defaultValue = "8", description = "Training batch size.")
  int batchSize;

  @Option(names = "--sample-every-steps", defaultValue = "50", description = "Steps per sample.")
  long everySteps;

  @Option(
      names = "--sample-every-requests",
      defaultValue = "500",
      description = "Requests per round; a sample is taken after each, the server idle.")
  long everyRequests;

  @Option(
      names = "--reload-every",
      defaultValue = "1000",
      description =
          "Requests between reloads of one adapter (remove, then load); a multiple of"
              + " --sample-every-requests.")
  long reloadEvery;

  @Mixin OutputOption output;

  private final List<MemorySample> samples = new ArrayList<>();
  private long t0;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    checkArgument(steps >= 2, "--steps must be >= 2: %s", steps);
    checkArgument(requests >= 1, "--requests must be >= 1: %s", requests);
    checkArgument(clients >= 1, "--clients must be >= 1: %s", clients);
    checkArgument(everySteps >= 1 && everyRequests >= 1, "sample intervals must be >= 1");
    checkArgument(
        reloadEvery >= 1 && reloadEvery % everyRequests == 0,
        "--reload-every must be a positive multiple of --sample-every-requests: %s",
        reloadEvery);
    Device onDevice = device.device(); // an unknown or absent device ends the command here
    TaskData task = TaskData.fromManifests(data);
    SpeechTask kws =
        SpeechTask.fromTrainingData(
            data.getFileName().toString(), TaskType.CLASSIFICATION, task.train());
    Map<String, AdapterSpec> methods = new LinkedHashMap<>();
    methods.put("lora", LoraSpec.builder().build());
    methods.put("bottleneck", BottleneckSpec.builder().build());
    t0 = System.nanoTime();
    sample("start", 0);
    Map<String, Path> adapters =
        new SoakTraining(
                backbone.path(),
                kws,
                task.train(),
                batchSize,
                output.path().resolve("adapters"),
                onDevice)
            .run(
                methods,
                steps,
                Math.max(1, steps / 10),
                (name, s) -> sampleEvery("train-" + name, s, everySteps));
    try (AdapterServer server =
        AdapterServer.builder()
            .setCheckpoint(backbone.path())
            .optAdapters(adapters)
            .optDevice(onDevice)
            .build()) {
      List<float[]> clips = new ArrayList<>();
      for (ManifestEntry e : task.test()) {
        clips.add(server.audio().load(e.audio()));
      }
      sample("serve", 0);
      new SoakServing(server, adapters, clips)
          .run(requests, clients, everyRequests, reloadEvery, r -> sample("serve", r));
    }
    samples.stream().map(MemorySample::phase).distinct().forEach(this::summarise);
    return 0;
  }

  private void sampleEvery(String phase, long index, long every) {
    if (index % every == 0) {
      sample(phase, index);
    }
  }

  private synchronized void sample(String phase, long index) {
    MemorySample s = MemorySample.take(phase, index, (System.nanoTime() - t0) / 1e9);
    samples.add(s);
    System.out.println(s.csv());
    StringBuilder b = new StringBuilder(MemorySample.CSV_HEADER).append('\n');
    samples.forEach(x -> b.append(x.csv()).append('\n'));
    try {
      AtomicFiles.writeString(output.path().resolve(CSV), b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the first and last samples of a phase and the slopes after its first fifth. */
  private void summarise(String phase) {
    List<MemorySample> p = samples.stream().filter(s -> s.phase().equals(phase)).toList();
    if (p.size() < 2) {
      return;
    }
    MemorySample first = p.get(0);
    MemorySample last = p.get(p.size() - 1);
    List<MemorySample> tail = p.subList(p.size() / 5, p.size());
    System.out.printf(
        Locale.ROOT,
        "%s: RSS %d -> %d KiB, live NDArrays %d -> %d, heap %d -> %d KiB; after the first fifth,"
            + " per 1000: RSS %+.0f KiB, live NDArrays %+.2f%n",
        phase,
        first.rssKib(),
        last.rssKib(),
        first.liveArrays(),
        last.liveArrays(),
        first.heapUsedKib(),
        last.heapUsedKib(),
        1000 * Slope.of(tail, MemorySample::rssKib),
        1000 * Slope.of(tail, MemorySample::liveArrays));
  }
}
