package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.speech.whisper.WhisperSession;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/transcribe/{adapter}} on the tiny random Whisper of adapters-speech with its PEFT
 * LoRA: the tokens are the PyTorch greedy ids (tools/whisper_fixture.py without the adapter,
 * tools/whisper_timestamps.py with it), and the adapter is switched per request.
 */
class WhisperHttpTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Path WAV = SpeechFixtures.resource("audio", "mel", "speech_c_16k.wav");
  private static WhisperSession session;
  private static HttpApi api;

  @BeforeAll
  static void serve() throws Exception {
    session =
        WhisperSession.open(
            SpeechFixtures.resource("whisper", "tiny-random"),
            Map.of("peft", SpeechFixtures.resource("whisper", "lora")),
            Device.cpu(),
            12);
    api =
        HttpApi.start(
            session,
            new InetSocketAddress("127.0.0.1", 0),
            RequestLimits.DEFAULT,
            HttpOptions.loopback(2));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    session.close();
  }

  private static HttpResponse<String> post(String adapter) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/v1/transcribe/" + adapter))
            .POST(HttpRequest.BodyPublishers.ofFile(WAV))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String tokens(String adapter) throws Exception {
    HttpResponse<String> r = post(adapter);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals(adapter, o.get("adapter").getAsString());
    return o.getAsJsonArray("tokens").toString();
  }

  @Test
  void eachRequestUsesItsAdapter() throws Exception {
    String base = "[291,377,377,375,375,209,181,181,181,6,183,375]";
    String lora = "[362,127,127,127,127,127,364,364,364,364,364,364]";
    assertEquals(base, tokens("base"));
    assertEquals(lora, tokens("peft"));
    assertEquals(base, tokens("base"));
  }

  @Test
  void anUnknownAdapterIs404() throws Exception {
    HttpResponse<String> r = post("nope");
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("[base, peft]"), r.body());
  }
}
