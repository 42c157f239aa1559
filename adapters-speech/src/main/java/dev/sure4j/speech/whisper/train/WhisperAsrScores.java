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
import java.util.function.Function;

/**
 * Word and character error rates of greedy transcripts after {@link BasicTextNormalizer}, over the
 * readable utterances of a split.
 *
 * @param wer total word edits / total reference words
 * @param cer total character edits / total reference characters
 * @param entries the entries scored (unreadable files are left out), in manifest order
 * @param hypotheses the transcripts of {@code entries} as decoded (not normalised)
 */
public record WhisperAsrScores(
    double wer, double cer, List<ManifestEntry> entries, List<String> hypotheses) {

  /** Copies the lists. */
  public WhisperAsrScores {
    entries = List.copyOf(entries);
    hypotheses = List.copyOf(hypotheses);
  }

  /**
   * Returns one line per scored utterance, {@code path<TAB>reference<TAB>hypothesis}, after a
   * header line, with tabs and line breaks in the texts replaced by spaces.
   *
   * @return the lines, for a {@code .tsv} file
   */
  public String toTsv() {
    StringBuilder b = new StringBuilder("path\treference\thypothesis\n");
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      b.append(e.audio())
          .append('\t')
          .append(flat(e.fields().getOrDefault(WhisperTextCodec.COLUMN, "")))
          .append('\t')
          .append(flat(hypotheses.get(i)))
          .append('\n');
    }
    return b.toString();
  }

  private static String flat(String s) {
    return s.replaceAll("[\t\r\n]", " ");
  }

  /**
   * Transcribes every entry with a model as it is (its active adapters) and scores the transcripts
   * against the {@code transcript} column.
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
    return evaluate(
        wave -> {
          try (NDManager scope = manager.newSubManager()) {
            return transcriber.transcribe(scope, wave).text();
          }
        },
        pipeline,
        entries,
        warnings);
  }

  /**
   * Transcribes every entry with a function and scores the transcripts against the {@code
   * transcript} column.
   *
   * @param transcribe 16 kHz samples to text (for example a {@code WhisperSession}'s adapter)
   * @param pipeline how audio files are read
   * @param entries the utterances
   * @param warnings where unreadable files are reported
   * @return the scores; NaN rates when no file was readable
   */
  public static WhisperAsrScores evaluate(
      Function<float[], String> transcribe,
      AudioPipeline pipeline,
      List<ManifestEntry> entries,
      Consumer<String> warnings) {
    List<String> refs = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    List<ManifestEntry> scored = new ArrayList<>();
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
      String text = transcribe.apply(wave);
      raw.add(text);
      scored.add(e);
      hyps.add(BasicTextNormalizer.normalize(text));
      refs.add(BasicTextNormalizer.normalize(e.fields().getOrDefault(WhisperTextCodec.COLUMN, "")));
    }
    if (refs.isEmpty()) {
      return new WhisperAsrScores(Double.NaN, Double.NaN, scored, raw);
    }
    return new WhisperAsrScores(ErrorRate.wer(refs, hyps), ErrorRate.cer(refs, hyps), scored, raw);
  }
}
