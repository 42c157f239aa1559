package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.google.gson.JsonParser;
import dev.sure4j.speech.whisper.WhisperSession;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves a Whisper directory with one adapter, named {@code asr}, as {@code ./sure4j serve} does (a
 * {@link WhisperSession} behind {@link HttpApi} on a free loopback port), and transcribes files
 * through {@code POST /v1/transcribe/asr}.
 */
public final class ServedWhisper {

  private ServedWhisper() {}

  /**
   * Starts the server, posts each file, and stops it.
   *
   * @param model the Whisper directory
   * @param adapter the adapter directory
   * @param maxNewTokens tokens generated at most per window
   * @param files WAV files
   * @return the {@code text} of each answer, in order
   * @throws Exception when the server cannot start or a request fails
   */
  public static List<String> transcribe(Path model, Path adapter, int maxNewTokens, Path... files)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<String> texts = new ArrayList<>();
    try (WhisperSession session =
            WhisperSession.open(model, Map.of("asr", adapter), Device.cpu(), maxNewTokens);
        HttpApi api =
            HttpApi.start(
                session,
                new InetSocketAddress("127.0.0.1", 0),
                RequestLimits.DEFAULT,
                HttpOptions.loopback(2))) {
      for (Path f : files) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/v1/transcribe/asr"))
                .POST(HttpRequest.BodyPublishers.ofFile(f))
                .build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        texts.add(JsonParser.parseString(r.body()).getAsJsonObject().get("text").getAsString());
      }
    }
    return texts;
  }
}
