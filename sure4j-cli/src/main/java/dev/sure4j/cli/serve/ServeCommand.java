package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.cli.options.DtypeOption;
import dev.sure4j.cli.transcribe.WhisperDirectory;
import dev.sure4j.speech.device.NativeAllocator;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j serve}: loads the backbone once and the named task adapters beside it, then
 * answers predictions over HTTP until stopped; a Whisper directory as {@code --model}, with LoRA
 * adapters, answers transcriptions instead ({@code POST /v1/transcribe/{adapter}}) (Ctrl-C or
 * SIGTERM shut it down gracefully: no new connections, queued requests answered, then the model
 * freed). See docs/security.md for the Host allow-list, the token and the timeouts.
 */
@Command(
    name = "serve",
    description = "Serve task adapters on one backbone over HTTP (see docs/serving.md).")
public final class ServeCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Mixin DtypeOption dtype;

  @Mixin TuningOptions tuning;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--max-body-mb",
      defaultValue = "10",
      description = "Largest request body in MB (default ${DEFAULT-VALUE}).")
  int maxBodyMb;

  @Option(
      names = "--max-seconds",
      defaultValue = "30",
      description = "Longest audio in seconds (default ${DEFAULT-VALUE}).")
  double maxSeconds;

  @Option(
      names = "--threads",
      defaultValue = "8",
      description = "HTTP request threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--max-in-flight",
      defaultValue = "6",
      description =
          "Most requests handled at once; more get 503 with Retry-After: 1 (default"
              + " ${DEFAULT-VALUE}; /health is not counted).")
  int maxInFlight;

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "A Host header name served besides localhost, 127.0.0.1 and [::1] (repeatable; any"
              + " other Host gets 421).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:SURE4J_TOKEN}",
      description =
          "Require 'Authorization: Bearer TOKEN' on every endpoint but /health (default: the"
              + " SURE4J_TOKEN environment variable; none when unset).")
  String token;

  @Option(
      names = "--insecure-no-auth",
      description = "Allow a non-loopback --host without a token.")
  boolean insecureNoAuth;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    dtype.checked(); // float32 or a one-line refusal, before anything is loaded
    checkArgument(port >= 0 && port <= 65535, "--port must be in 0..65535: %s", port);
    checkArgument(threads >= 1, "--threads must be >= 1: %s", threads);
    Map<String, Path> named = options.adapters();
    RequestLimits limits = new RequestLimits((long) maxBodyMb << 20, maxSeconds);
    HttpOptions http = httpOptions();
    InetSocketAddress address = new InetSocketAddress(host, port);
    HttpApi.checkAuth(address, http);
    boolean whisper = WhisperDirectory.holds(options.backbone());
    AutoCloseable model;
    HttpApi api;
    if (whisper) {
      WhisperSession session =
          WhisperSession.open(
              options.backbone(), named, options.device(), WhisperTranscriber.MAX_NEW_TOKENS);
      model = session;
      api = startOrClose(model, () -> HttpApi.start(session, address, limits, http));
    } else {
      AdapterServer server = options.start();
      model = server;
      api = startOrClose(model, () -> HttpApi.start(server, address, limits, http));
    }
    Thread hook = new Thread(() -> stop(api, model), "sure4j-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.printf(
        "serving %s on http://%s:%d (%s; allocator: %s)%n",
        named.keySet(),
        host,
        api.port(),
        whisper
            ? "POST /v1/transcribe/{adapter} (base: no adapter), GET /health"
            : "POST /v1/predict/{adapter}, GET /v1/adapters, GET /health",
        NativeAllocator.current().label());
    stopped.await();
    return 0;
  }

  private HttpOptions httpOptions() {
    Optional<String> t = Optional.ofNullable(token).filter(v -> !v.isEmpty());
    return new HttpOptions(threads, maxInFlight, allowedHosts, t, insecureNoAuth, tuning.tuning());
  }

  /** Starts the API, closing the model when that fails. */
  private static HttpApi startOrClose(AutoCloseable model, Callable<HttpApi> start)
      throws Exception {
    try {
      return start.call();
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private void stop(HttpApi api, AutoCloseable model) {
    try {
      api.close();
      model.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.err.println("sure4j serve: " + e.getMessage());
    } finally {
      System.out.println("sure4j serve: stopped");
      stopped.countDown();
    }
  }
}
