package dev.sure4j.cli.serve;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioLimitException;
import dev.sure4j.speech.audio.AudioPipeline;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes request bodies under the server's {@link RequestLimits}: the body and duration limits are
 * passed to the decoders, so a long or hostile body is stopped while it is decoded (413), not
 * after. Bodies are decoded in memory. Undecodable audio is a 400 whose message names no path.
 */
final class RequestAudio {

  private static final Map<String, String> EXTENSIONS =
      Map.of(
          "audio/flac", "flac",
          "audio/x-flac", "flac",
          "audio/mpeg", "mp3",
          "audio/ogg", "ogg",
          "audio/mp4", "m4a",
          "audio/webm", "webm");

  private static final String SOURCE = "request body";

  private final AudioPipeline pipeline;

  /**
   * Creates the decoder of request bodies.
   *
   * @param base the server's pipeline (its config and minimum length are kept)
   * @param limits the request limits, which replace the pipeline's body and duration limits
   */
  RequestAudio(AudioPipeline base, RequestLimits limits) {
    this.pipeline =
        AudioPipeline.builder()
            .optConfig(base.config())
            .optMinSamples(base.minSamples())
            .optLimits(limitsOf(base.limits(), limits))
            .build();
  }

  /**
   * Returns the library limits a request is decoded within.
   *
   * @param base the pipeline's limits
   * @param limits the request limits
   * @return the base limits with the request's body and duration limits
   */
  static InputLimits limitsOf(InputLimits base, RequestLimits limits) {
    return base.toBuilder()
        .optMaxBodyBytes(Math.min(base.maxBodyBytes(), limits.maxBodyBytes()))
        .optMaxSeconds(Math.min(base.maxSeconds(), limits.maxSeconds()))
        .build();
  }

  /**
   * Returns the limits bodies are decoded within.
   *
   * @return the limits
   */
  InputLimits limits() {
    return pipeline.limits();
  }

  /**
   * Decodes a body in memory: WAV is parsed in place and compressed formats are decoded by the
   * in-JVM FFmpeg decoder through a custom I/O context, so no temporary file is written; a decoder
   * that needs a file (the command-line programs) gets a temporary one named by the {@code
   * Content-Type}'s extension.
   *
   * @param body the encoded audio
   * @param contentType the request's {@code Content-Type}, or null
   * @return the model's input waveform
   * @throws HttpError 413 over a limit, 400 for audio that cannot be decoded
   * @throws IOException when a decoder's temporary file cannot be written
   */
  float[] decode(byte[] body, String contentType) throws HttpError, IOException {
    String type =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    try {
      return pipeline.load(body, SOURCE, EXTENSIONS.getOrDefault(type, "bin"));
    } catch (AudioLimitException e) {
      throw new HttpError(413, ErrorText.clean(e.getMessage()));
    } catch (IOException | IllegalArgumentException e) {
      throw new HttpError(400, "cannot decode the audio: " + ErrorText.clean(e.getMessage()));
    }
  }
}
