package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.ServerStats;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sure4j serve-bench}: a bounded loopback load test. Predicts every clip with every
 * adapter offline ({@link SpeechSession}, one clip per pass), starts the HTTP API on a free
 * loopback port, warms it up, then runs {@code --clients} concurrent clients of {@code --requests}
 * requests each and prints throughput and p50/p99 latency. Exits with 1 when any answer differs
 * from the offline prediction.
 */
@Command(
    name = "serve-bench",
    description =
        "Load-test the HTTP API on loopback and check every answer (see docs/serving.md).")
public final class ServeBenchCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--requests",
      defaultValue = "50",
      description = "Requests per client (default ${DEFAULT-VALUE}).")
  int requests;

  @Parameters(arity = "1..*", paramLabel = "AUDIO", description = "Audio files to send.")
  List<Path> audio;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    checkArgument(clients >= 1, "--clients must be >= 1: %s", clients);
    checkArgument(requests >= 1, "--requests must be >= 1: %s", requests);
    Map<String, Path> named = options.adapters();
    List<Map<String, String>> expected = offline(named);
    List<byte[]> bodies = new ArrayList<>();
    for (Path a : audio) {
      bodies.add(Files.readAllBytes(a));
    }
    try (AdapterServer server = options.start()) {
      try (HttpApi api =
          HttpApi.start(
              server, new InetSocketAddress("127.0.0.1", 0), RequestLimits.DEFAULT, clients)) {
        URI base = URI.create("http://127.0.0.1:" + api.port());
        LoadRun load = new LoadRun(base, List.copyOf(named.keySet()), bodies, expected);
        load.warmUp();
        ServerStats before = server.stats();
        LatencySummary s = load.run(clients, requests);
        ServerStats after = server.stats();
        double batch =
            (after.requests() - before.requests()) / (double) (after.passes() - before.passes());
        System.out.printf(
            "%d clients x %d requests over %d adapters (%s): %.1f requests/s, p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms, mean batch %.2f, %d mismatches%n",
            clients,
            requests,
            named.size(),
            options.mixAdapters ? "mixed batches" : "one adapter per pass",
            s.throughput(),
            s.p50Millis(),
            s.p99Millis(),
            s.maxMillis(),
            batch,
            load.mismatches());
        return load.mismatches() == 0 ? 0 : 1;
      }
    }
  }

  /** Every clip with every adapter, one clip per pass: clip index to adapter to text. */
  private List<Map<String, String>> offline(Map<String, Path> named) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    try (SpeechSession session = SpeechSession.open(options.backbone())) {
      for (Map.Entry<String, Path> e : named.entrySet()) {
        session.load(e.getKey(), e.getValue());
      }
      for (Path a : audio) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String name : named.keySet()) {
          answers.put(name, session.predict(name, a));
        }
        out.add(answers);
      }
    }
    return out;
  }
}
