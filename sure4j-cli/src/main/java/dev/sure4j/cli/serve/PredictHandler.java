package dev.sure4j.cli.serve;

import com.google.gson.JsonElement;
import com.sun.net.httpserver.HttpExchange;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.UnknownAdapterException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /v1/predict/{adapter}}: the body is one audio file (WAV, or FLAC/MP3/OGG when a
 * decoder is installed; the {@code Content-Type} names non-WAV formats); the answer is the
 * prediction's JSON ({@link PredictionJson}). 404 for an unknown adapter, 413 over the body or
 * duration limit (checked while the body is decoded, see {@link RequestAudio}), 400 for audio that
 * cannot be decoded, 503 when the queue is full.
 */
final class PredictHandler extends JsonExchange {

  static final String PREFIX = "/v1/predict/";

  private final AdapterServer server;
  private final RequestLimits limits;
  private final RequestAudio audio;

  PredictHandler(AdapterServer server, RequestLimits limits) {
    this.server = server;
    this.limits = limits;
    this.audio = new RequestAudio(server.audio(), limits);
  }

  @Override
  JsonElement answer(HttpExchange exchange) throws HttpError, IOException {
    requireMethod(exchange, "POST");
    String adapter = exchange.getRequestURI().getPath().substring(PREFIX.length());
    if (!server.adapters().containsKey(adapter)) {
      throw new HttpError(
          404,
          String.format(
              "no adapter '%s' is loaded; loaded: %s", adapter, server.adapters().keySet()));
    }
    byte[] body = readBody(exchange);
    float[] samples = audio.decode(body, exchange.getRequestHeaders().getFirst("Content-Type"));
    double seconds = samples.length / (double) server.audio().config().samplingRate();
    if (seconds > limits.maxSeconds()) {
      throw new HttpError(
          413,
          String.format("the audio lasts %.2f s; the limit is %s s", seconds, limits.maxSeconds()));
    }
    try {
      Prediction p = server.predict(adapter, samples);
      return PredictionJson.of(adapter, p, seconds);
    } catch (UnknownAdapterException e) {
      throw new HttpError(404, ErrorText.clean(e.getMessage()));
    } catch (RejectedExecutionException e) {
      throw new HttpError(503, ErrorText.clean(e.getMessage()));
    }
  }

  private byte[] readBody(HttpExchange exchange) throws HttpError, IOException {
    long limit = limits.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && parseLength(declared) > limit) {
      throw new HttpError(413, "the body has " + declared + " bytes; the limit is " + limit);
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }
    if (body.length > limit) {
      throw new HttpError(413, "the body has more than " + limit + " bytes; the limit is " + limit);
    }
    if (body.length == 0) {
      throw new HttpError(400, "the body is empty: send the audio file's bytes");
    }
    return body;
  }

  private static long parseLength(String value) throws HttpError {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new HttpError(400, "Content-Length is not a number: " + ErrorText.clean(value));
    }
  }
}
