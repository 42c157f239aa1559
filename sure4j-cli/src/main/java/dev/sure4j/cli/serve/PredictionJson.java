package dev.sure4j.cli.serve;

import com.google.gson.JsonObject;
import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.TranscriptPrediction;

/**
 * The JSON of a prediction: {@code {"adapter", "type", "text", ...}} with {@code label} and {@code
 * scores} (classification), {@code intent} with one {@code {label, scores}} per slot, or {@code
 * transcript} (CTC).
 */
final class PredictionJson {

  private PredictionJson() {}

  static JsonObject of(String adapter, Prediction p, double seconds) {
    JsonObject o = new JsonObject();
    o.addProperty("adapter", adapter);
    o.addProperty("type", p.type().id());
    o.addProperty("text", p.text());
    o.addProperty("duration_s", seconds);
    if (p instanceof ClassPrediction c) {
      addClass(o, c);
    } else if (p instanceof IntentPrediction i) {
      JsonObject slots = new JsonObject();
      slots.add("action", slot(i.action()));
      slots.add("object", slot(i.object()));
      slots.add("location", slot(i.location()));
      o.add("intent", slots);
    } else if (p instanceof TranscriptPrediction t) {
      o.addProperty("transcript", t.transcript());
    }
    return o;
  }

  private static JsonObject slot(ClassPrediction c) {
    JsonObject o = new JsonObject();
    addClass(o, c);
    return o;
  }

  private static void addClass(JsonObject o, ClassPrediction c) {
    o.addProperty("label", c.label());
    JsonObject scores = new JsonObject();
    c.scores().forEach(scores::addProperty);
    o.add("scores", scores);
  }
}
