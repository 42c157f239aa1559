package dev.sure4j.speech.whisper.train;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.metrics.ErrorRate;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import dev.sure4j.speech.whisper.WhisperTranscript;
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
   * against the {@code transcript} column. The entries are read and transcribed {@code batchSize}
   * at a time ({@link WhisperTranscriber#transcribeAll}: greedy decoding runs each group of clips
   * that fit one window as one batch, with the tokens of one clip at a time).
   *
   * @param transcriber the decoder of the model
   * @param pipeline how audio files are read
   * @param entries the utterances
   * @param batchSize utterances read and decoded together, at least 1
   * @param manager where intermediate arrays live while a batch is decoded
   * @param warnings where unreadable files are reported
   * @return the scores; NaN rates when no file was readable
   */
  public static WhisperAsrScores evaluate(
      WhisperTranscriber transcriber,
      AudioPipeline pipeline,
      List<ManifestEntry> entries,
      int batchSize,
      NDManager manager,
      Consumer<String> warnings) {
    return score(
        pipeline,
        entries,
        batchSize,
        waves -> {
          try (NDManager scope = manager.newSubManager()) {
            return transcriber.transcribeAll(scope, waves, batchSize).stream()
                .map(WhisperTranscript::text)
                .toList();
          }
        },
        warnings);
  }

  /**
   * Transcribes every entry with a function, one at a time, and scores the transcripts against the
   * {@code transcript} column.
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
    return score(pipeline, entries, 1, waves -> List.of(transcribe.apply(waves.get(0))), warnings);
  }

  /**
   * Reads the readable entries {@code chunk} at a time, transcribes each chunk and scores the
   * transcripts.
   */
  private static WhisperAsrScores score(
      AudioPipeline pipeline,
      List<ManifestEntry> entries,
      int chunk,
      Function<List<float[]>, List<String>> transcribe,
      Consumer<String> warnings) {
    List<ManifestEntry> scored = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    List<float[]> pending = new ArrayList<>();
    for (ManifestEntry e : entries) {
      try {
        pending.add(pipeline.load(e.audio()));
      } catch (IOException | RuntimeException ex) {
        warnings.accept(
            String.format(
                "skipping unreadable audio %s (manifest line %d): %s",
                e.audio(), e.line(), ex.getMessage()));
        continue;
      }
      scored.add(e);
      if (pending.size() == chunk) {
        raw.addAll(transcribe.apply(pending));
        pending.clear();
      }
    }
    if (!pending.isEmpty()) {
      raw.addAll(transcribe.apply(pending));
    }
    if (scored.isEmpty()) {
      return new WhisperAsrScores(Double.NaN, Double.NaN, scored, raw);
    }
    List<String> refs = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      hyps.add(BasicTextNormalizer.normalize(raw.get(i)));
      refs.add(
          BasicTextNormalizer.normalize(
              scored.get(i).fields().getOrDefault(WhisperTextCodec.COLUMN, "")));
    }
    return new WhisperAsrScores(ErrorRate.wer(refs, hyps), ErrorRate.cer(refs, hyps), scored, raw);
  }
}
