package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.speech.device.NativeAllocator;
import dev.sure4j.speech.serving.AdapterServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API on a loopback ephemeral port: its answers equal {@code ./sure4j predict}'s, bad
 * requests get a 4xx JSON error, and the server keeps answering after them.
 */
class HttpApiTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static List<Path> clips;
  private static Map<String, String> offline;
  private static AdapterServer server;
  private static HttpApi api;
  private static HttpApi strict;

  @BeforeAll
  static void serve() throws IOException {
    Map<String, Path> dirs = ServedAdapters.dirs();
    clips = ServedAdapters.clips(2);
    offline = ServedAdapters.offline(clips);
    server = AdapterServer.builder().setCheckpoint(Path.of(ServedAdapters.MODEL)).build();
    for (Map.Entry<String, Path> e : dirs.entrySet()) {
      server.load(e.getKey(), e.getValue());
    }
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    api = HttpApi.start(server, loopback, RequestLimits.DEFAULT, 4);
    strict = HttpApi.start(server, loopback, new RequestLimits(20_000, 0.15), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    strict.close();
    server.close();
  }

  record Answer(int status, JsonObject json) {}

  static Answer send(HttpApi to, String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(
        "application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    return new Answer(r.statusCode(), JsonParser.parseString(r.body()).getAsJsonObject());
  }

  static Answer predict(HttpApi to, String adapter, Path clip) throws Exception {
    return send(to, "POST", "/v1/predict/" + adapter, Files.readAllBytes(clip));
  }

  @Test
  void everyAnswerEqualsTheOfflinePredictCommand() throws Exception {
    for (Path clip : clips) {
      for (String adapter : List.of("kws", "intent", "asr", "gain")) {
        Answer a = predict(api, adapter, clip);
        assertEquals(200, a.status(), a.json().toString());
        String expected = offline.get(clip + "\t" + adapter);
        assertEquals(expected, a.json().get("text").getAsString(), adapter + " on " + clip);
        assertEquals(adapter, a.json().get("adapter").getAsString());
      }
    }
  }

  private static void assertScoresSumToOne(JsonObject o) {
    double sum = 0;
    for (String k : o.getAsJsonObject("scores").keySet()) {
      sum += o.getAsJsonObject("scores").get(k).getAsDouble();
    }
    assertEquals(1, sum, 1e-9, o.toString());
    assertTrue(o.getAsJsonObject("scores").has(o.get("label").getAsString()), o.toString());
  }

  @Test
  void eachTaskFormAnswersWithItsOwnFields() throws Exception {
    Path clip = clips.get(0);
    JsonObject kws = predict(api, "kws", clip).json();
    assertEquals("classification", kws.get("type").getAsString());
    assertEquals(kws.get("text").getAsString(), kws.get("label").getAsString());
    assertScoresSumToOne(kws);
    JsonObject intent = predict(api, "intent", clip).json();
    assertEquals("intent", intent.get("type").getAsString());
    JsonObject slots = intent.getAsJsonObject("intent");
    for (String slot : List.of("action", "object", "location")) {
      assertScoresSumToOne(slots.getAsJsonObject(slot));
    }
    assertEquals(
        slots.getAsJsonObject("action").get("label").getAsString()
            + " / "
            + slots.getAsJsonObject("object").get("label").getAsString()
            + " / "
            + slots.getAsJsonObject("location").get("label").getAsString(),
        intent.get("text").getAsString());
    JsonObject asr = predict(api, "asr", clip).json();
    assertEquals("ctc", asr.get("type").getAsString());
    assertEquals(asr.get("text").getAsString(), asr.get("transcript").getAsString());
  }

  @Test
  void adaptersAndHealthDescribeTheServer() throws Exception {
    Answer adapters = send(api, "GET", "/v1/adapters", null);
    assertEquals(200, adapters.status());
    JsonArray list = adapters.json().getAsJsonArray("adapters");
    assertEquals(4, list.size());
    assertEquals("gain", list.get(3).getAsJsonObject().get("name").getAsString());
    assertEquals("kws", list.get(0).getAsJsonObject().get("name").getAsString());
    assertEquals("intent", list.get(1).getAsJsonObject().get("type").getAsString());
    assertEquals("ctc", list.get(2).getAsJsonObject().get("type").getAsString());
    Answer health = send(api, "GET", "/health", null);
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").getAsString());
    assertEquals(
        NativeAllocator.current().label(),
        health.json().get("allocator").getAsString(),
        "the allocator this JVM runs on");
    assertEquals(4, health.json().get("adapters").getAsInt());
  }

  private static void assertError(Answer a, int status, String part) {
    assertEquals(status, a.status(), a.json().toString());
    String error = a.json().get("error").getAsString();
    assertTrue(error.contains(part), error);
  }

  @Test
  void badRequestsGetAJsonErrorAndTheServerKeepsAnswering() throws Exception {
    Path clip = clips.get(0);
    assertError(predict(api, "emotion", clip), 404, "no adapter 'emotion' is loaded");
    assertError(send(api, "POST", "/v1/predict/kws", new byte[0]), 400, "empty");
    assertError(
        send(api, "POST", "/v1/predict/kws", "not audio at all".getBytes()), 400, "cannot decode");
    byte[] wav = Files.readAllBytes(clip);
    assertError(send(api, "POST", "/v1/predict/kws", Arrays.copyOf(wav, 60)), 400, "cannot decode");
    assertError(send(api, "GET", "/v1/predict/kws", null), 405, "use POST");
    assertError(send(api, "POST", "/health", new byte[1]), 405, "use GET");
    assertError(send(api, "GET", "/v2/anything", null), 404, "no endpoint /v2/anything");
    Path large = clips.get(clips.size() - 1);
    assertTrue(Files.size(large) > 20_000, "a clip over the strict body limit");
    assertError(predict(strict, "asr", large), 413, "the limit is 20000");
    assertTrue(wav.length <= 20_000, "a clip under the strict body limit");
    Answer after = predict(api, "kws", clip);
    assertEquals(200, after.status());
    assertTrue(after.json().get("duration_s").getAsDouble() > 0.15, after.json().toString());
    assertError(predict(strict, "kws", clip), 413, "is longer than the limit of 0.15 s");
    assertEquals(offline.get(clip + "\tkws"), after.json().get("text").getAsString());
  }

  @Test
  void hostileHeadersAndLongAudioAreRefusedWhileDecoding() throws Exception {
    for (int rate : new int[] {999_999_937, 1}) {
      long t0 = System.nanoTime();
      Answer a = send(api, "POST", "/v1/predict/kws", Tricklers.silentWav(rate, 2000));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertError(a, 400, "request body: sample rate of " + rate + " Hz is outside");
      assertTrue(seconds < 2, "answered in " + seconds + " s");
    }
    // 40 s at 8 kHz: under the library's default of an hour, over the server's 30 s
    Answer longer = send(api, "POST", "/v1/predict/kws", Tricklers.silentWav(8000, 40 * 8000));
    assertError(longer, 413, "request body: 40.00 s of audio");
    assertError(longer, 413, "longer than the limit of 30.0 s");
    String error = longer.json().get("error").getAsString();
    assertFalse(error.contains("/") || error.contains("sure4j-request-"), error);
    assertEquals(200, send(api, "GET", "/health", null).status());
  }

  @Test
  void flacAndOggBodiesAreDecodedInMemory() throws Exception {
    Path audio = Path.of("..", "sure4j-audio-ffmpeg", "src", "test", "resources", "audio");
    Answer wav = send(api, "POST", "/v1/predict/kws", Files.readAllBytes(audio.resolve("yes.wav")));
    assertEquals(200, wav.status(), wav.json().toString());
    for (String[] body : new String[][] {{"yes.flac", "audio/flac"}, {"yes.ogg", "audio/ogg"}}) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/predict/kws"))
              .header("Content-Type", body[1])
              .POST(HttpRequest.BodyPublishers.ofFile(audio.resolve(body[0])))
              .build();
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), body[0] + ": " + r.body());
      JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
      if (body[0].endsWith(".flac")) {
        // lossless: the same waveform as the WAV it was made from, so the same answer
        assertEquals(wav.json().get("scores"), o.get("scores"), body[0]);
      }
    }
  }
}
