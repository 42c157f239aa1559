package dev.sure4j.speech.tts.data;

import ai.djl.ndarray.types.Shape;
import com.google.common.hash.Hashing;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.speech.tts.text.EspeakPhonemizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory of computed utterance features, so that a second run over the same corpus skips the
 * mel, pitch and energy computation. Each utterance is one safetensors file ({@code tokens}, {@code
 * mel [frames, bins]}, {@code log_pitch}, {@code energy}) named by a SHA-256 of everything the
 * features depend on: the audio file's absolute path, size and modification time, the text, the mel
 * and YIN settings and the text encoder's vocabulary. A changed file or setting therefore misses
 * the cache instead of reading stale features. Files are written atomically.
 *
 * @param dir the cache directory (created when needed)
 */
public record FeatureCache(Path dir) {

  /**
   * Returns the features of an utterance, from the cache or computed and stored.
   *
   * @param featurizer the feature settings
   * @param u the utterance
   * @param speaker its speaker id (not part of the cached features)
   * @param compute computes the features on a miss
   * @return the features
   * @throws IOException when the audio or a cache file cannot be read or written
   */
  public UtteranceFeatures get(
      TtsFeaturizer featurizer, TtsUtterance u, int speaker, Computation compute)
      throws IOException {
    Path file = dir.resolve(key(featurizer, u) + ".safetensors");
    if (Files.isRegularFile(file)) {
      try (SafetensorsReader r = SafetensorsReader.open(file)) {
        float[] tokens = r.readFloats("tokens");
        int[] ids = new int[tokens.length];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = Math.round(tokens[i]);
        }
        int bins = (int) r.info("mel").shape().get(1);
        return new UtteranceFeatures(
            ids,
            r.readFloats("mel"),
            bins,
            r.readFloats("log_pitch"),
            r.readFloats("energy"),
            speaker);
      }
    }
    UtteranceFeatures f = compute.run();
    float[] tokens = new float[f.tokens().length];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = f.tokens()[i];
    }
    Files.createDirectories(dir);
    SafetensorsWriter.create()
        .add("tokens", tokens, new Shape(tokens.length))
        .add("mel", f.mel(), new Shape(f.frames(), f.bins()))
        .add("log_pitch", f.logPitch(), new Shape(f.frames()))
        .add("energy", f.energy(), new Shape(f.frames()))
        .putMetadata("audio", u.audio().toString())
        .write(file);
    return f;
  }

  /** Computes the features of a cache miss. */
  @FunctionalInterface
  public interface Computation {
    /**
     * Computes the features.
     *
     * @return the features
     * @throws IOException when the audio cannot be read
     */
    UtteranceFeatures run() throws IOException;
  }

  private static String key(TtsFeaturizer f, TtsUtterance u) throws IOException {
    Path audio = u.audio().toAbsolutePath();
    String text =
        String.join(
            "\n",
            audio.toString(),
            Long.toString(Files.size(audio)),
            Files.getLastModifiedTime(audio).toString(),
            u.text(),
            f.mel().toString(),
            f.yin().toString(),
            f.text().frontEnd().name(),
            f.text().frontEnd() instanceof EspeakPhonemizer e ? e.voice() : "",
            f.text().vocabulary().tokens().toString());
    return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
  }
}
