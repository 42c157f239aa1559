package dev.sure4j.speech.whisper.train;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.metrics.ErrorRate;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Word and character error rates of greedy transcripts after {@link BasicTextNormalizer}, over the
 * readable utterances of a split.
 *
 * @param wer total word edits / total reference words
 * @param cer total character edits / total reference characters
 * @param hypotheses the transcripts as decoded (not normalised), in entry order; unreadable files
 *     are left out
 */
public record WhisperAsrScores(double wer, double cer, List<String> hypotheses) {

  /** Copies the list. */
  public WhisperAsrScores {
    hypotheses = List.copyOf(hypotheses);
  }

  /**
   * Transcribes every entry with the model as it is (its active adapters) and scores the
   * transcripts against the {@code transcript} column.
   *
   * @param transcriber the decoder of the model
   * @param pipeline how audio files are read
   * @param entries the utterances
   * @param manager where intermediate arrays live while an utterance is decoded
   * @param warnings where unreadable files are reported
   * @return the scores; NaN rates when no file was readable
   */
  public static WhisperAsrScores evaluate(
      WhisperTranscriber transcriber,
      AudioPipeline pipeline,
      List<ManifestEntry> entries,
      NDManager manager,
      Consumer<String> warnings) {
    List<String> refs = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    for (ManifestEntry e : entries) {
      float[] wave;
      try {
        wave = pipeline.load(e.audio());
      } catch (IOException | RuntimeException ex) {
        warnings.accept(
            String.format(
                "skipping unreadable audio %s (manifest line %d): %s",
                e.audio(), e.line(), ex.getMessage()));
        continue;
      }
      try (NDManager scope = manager.newSubManager()) {
        String text = transcriber.transcribe(scope, wave).text();
        raw.add(text);
        hyps.add(BasicTextNormalizer.normalize(text));
        refs.add(BasicTextNormalizer.normalize(e.fields().getOrDefault("transcript", "")));
      }
    }
    if (refs.isEmpty()) {
      return new WhisperAsrScores(Double.NaN, Double.NaN, raw);
    }
    return new WhisperAsrScores(ErrorRate.wer(refs, hyps), ErrorRate.cer(refs, hyps), raw);
  }
}
