package dev.sure4j.cli.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTranscript;
import java.util.Set;

/**
 * {@code POST /v1/transcribe/{adapter}} on a Whisper model: the body is one audio file ({@link
 * AudioExchange}); the answer is {@code {"adapter", "text", "tokens", "duration_s"}}, the tokens
 * being the generated ids without the forced prompt. {@code base} transcribes with no adapter.
 */
final class TranscribeHandler extends AudioExchange {

  static final String PREFIX = "/v1/transcribe/";

  private final WhisperSession session;

  TranscribeHandler(WhisperSession session, RequestLimits limits) {
    super(PREFIX, WhisperFeatures.pipeline(InputLimits.defaults()), limits);
    this.session = session;
  }

  @Override
  Set<String> adapters() {
    return session.names();
  }

  @Override
  JsonElement answer(String adapter, float[] samples, double seconds) {
    WhisperTranscript t = session.transcribe(adapter, samples);
    JsonObject o = new JsonObject();
    o.addProperty("adapter", adapter);
    o.addProperty("text", t.text());
    JsonArray tokens = new JsonArray();
    t.tokens().forEach(tokens::add);
    o.add("tokens", tokens);
    o.addProperty("duration_s", seconds);
    return o;
  }
}
