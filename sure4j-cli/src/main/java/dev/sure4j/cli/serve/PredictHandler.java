package dev.sure4j.cli.serve;

import com.google.gson.JsonElement;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.UnknownAdapterException;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /v1/predict/{adapter}}: the body is one audio file ({@link AudioExchange}); the
 * answer is the prediction's JSON ({@link PredictionJson}). 404 for an unknown adapter, 413 over
 * the body or duration limit, 400 for audio that cannot be decoded, 503 when the queue is full.
 */
final class PredictHandler extends AudioExchange {

  static final String PREFIX = "/v1/predict/";

  private final AdapterServer server;

  PredictHandler(AdapterServer server, RequestLimits limits) {
    super(PREFIX, server.audio(), limits);
    this.server = server;
  }

  @Override
  Set<String> adapters() {
    return server.adapters().keySet();
  }

  @Override
  JsonElement answer(String adapter, float[] samples, double seconds) throws HttpError {
    try {
      Prediction p = server.predict(adapter, samples);
      return PredictionJson.of(adapter, p, seconds);
    } catch (UnknownAdapterException e) {
      throw new HttpError(404, ErrorText.clean(e.getMessage()));
    } catch (RejectedExecutionException e) {
      throw new HttpError(503, ErrorText.clean(e.getMessage()));
    }
  }
}
