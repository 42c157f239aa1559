package dev.sure4j.cli.serve;

import com.google.gson.JsonElement;
import com.sun.net.httpserver.HttpExchange;
import dev.sure4j.speech.audio.AudioPipeline;
import java.io.IOException;
import java.util.Set;

/**
 * A {@code POST /v1/.../{adapter}} endpoint whose body is one audio file (WAV, or FLAC/MP3/OGG when
 * a decoder is installed; the {@code Content-Type} names non-WAV formats): the adapter is checked
 * (404), the body read and decoded within the {@link RequestLimits} (413 over the body or duration
 * limit, 400 for a body that ends before its {@code Content-Length} or has a malformed chunk, 400
 * for audio that cannot be decoded, see {@link RequestAudio}), then {@link #answer(String, float[],
 * double)} computes the JSON.
 */
abstract class AudioExchange extends JsonExchange {

  private final String prefix;
  private final RequestLimits limits;
  private final AudioPipeline pipeline;
  private final RequestAudio audio;

  AudioExchange(String prefix, AudioPipeline pipeline, RequestLimits limits) {
    this.prefix = prefix;
    this.limits = limits;
    this.pipeline = pipeline;
    this.audio = new RequestAudio(pipeline, limits);
  }

  /**
   * Returns the context path the handler serves: the prefix without its last slash, as Jetty
   * matches whole path segments.
   *
   * @return for example {@code /v1/predict}
   */
  String contextPath() {
    return prefix.substring(0, prefix.length() - 1);
  }

  /**
   * Returns the adapters a request may name.
   *
   * @return the loaded names
   */
  abstract Set<String> adapters();

  /**
   * Computes the answer for decoded audio.
   *
   * @param adapter a name of {@link #adapters()}
   * @param samples the model's input waveform
   * @param seconds its duration
   * @return the JSON body
   * @throws HttpError for a request the server refuses
   */
  abstract JsonElement answer(String adapter, float[] samples, double seconds) throws HttpError;

  @Override
  final JsonElement answer(HttpExchange exchange) throws HttpError, IOException {
    requireMethod(exchange, "POST");
    String path = exchange.getRequestURI().getPath();
    String adapter = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    if (!adapters().contains(adapter)) {
      throw new HttpError(
          404, String.format("no adapter '%s' is loaded; loaded: %s", adapter, adapters()));
    }
    byte[] body = readBody(exchange);
    float[] samples = audio.decode(body, exchange.getRequestHeaders().getFirst("Content-Type"));
    double seconds = samples.length / (double) pipeline.config().samplingRate();
    if (seconds > limits.maxSeconds()) {
      throw new HttpError(
          413,
          String.format("the audio lasts %.2f s; the limit is %s s", seconds, limits.maxSeconds()));
    }
    return answer(adapter, samples, seconds);
  }

  private byte[] readBody(HttpExchange exchange) throws HttpError {
    long limit = limits.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && parseLength(declared) > limit) {
      throw new HttpError(413, "the body has " + declared + " bytes; the limit is " + limit);
    }
    byte[] body;
    try {
      body = exchange.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    } catch (IOException e) {
      // the client's fault: a body shorter than its Content-Length, or a malformed chunk
      throw new HttpError(400, "the body could not be read: " + ErrorText.clean(e.getMessage()));
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
