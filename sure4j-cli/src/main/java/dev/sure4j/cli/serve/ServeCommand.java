package dev.sure4j.cli.serve;

import dev.sure4j.cli.options.DtypeOption;
import dev.sure4j.cli.transcribe.WhisperDirectory;
import dev.sure4j.speech.device.NativeAllocator;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Mixin ListenOptions listen;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    dtype.checked(); // float32 or a one-line refusal, before anything is loaded
    listen.check();
    Map<String, Path> named = options.adapters();
    RequestLimits limits = listen.limits();
    HttpOptions http = listen.http();
    InetSocketAddress address = listen.address();
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
        listen.host(),
        api.port(),
        whisper
            ? "POST /v1/transcribe/{adapter} (base: no adapter), GET /health"
            : "POST /v1/predict/{adapter}, GET /v1/adapters, GET /health",
        NativeAllocator.current().label());
    stopped.await();
    return 0;
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
