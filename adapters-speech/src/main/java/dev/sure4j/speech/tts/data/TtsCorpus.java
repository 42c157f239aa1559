package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.corpora.Corpora;
import dev.sure4j.speech.corpora.CorpusSplits;
import dev.sure4j.speech.data.Manifest;
import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The train, validation and test utterances of a TTS corpus.
 *
 * <p>Sources ({@link #read}): {@code ljspeech:DIR} and {@code libritts:DIR} (the corpus readers
 * {@link dev.sure4j.speech.corpora.LjSpeechReader} and {@link
 * dev.sure4j.speech.corpora.LibriTtsReader}, with their split rules), or {@code manifest:FILE}, a
 * {@link Manifest} ({@code .csv}, {@code .tsv}, {@code .jsonl}) with the columns {@code path},
 * {@code text} and optionally {@code speaker} (default {@value #DEFAULT_SPEAKER}) and {@code split}
 * ({@code train}, {@code val} or {@code test}; default {@code train}).
 *
 * @param source the spec it was read from
 * @param train training utterances
 * @param val validation utterances
 * @param test test utterances
 * @param missing listed utterances left out because a file does not exist
 */
public record TtsCorpus(
    String source,
    List<TtsUtterance> train,
    List<TtsUtterance> val,
    List<TtsUtterance> test,
    int missing) {

  /** The speaker of manifest lines without a {@code speaker} column. */
  public static final String DEFAULT_SPEAKER = "speaker";

  /** Copies the lists. */
  public TtsCorpus {
    train = ImmutableList.copyOf(train);
    val = ImmutableList.copyOf(val);
    test = ImmutableList.copyOf(test);
    checkArgument(!train.isEmpty(), "%s has no training utterance", source);
  }

  /**
   * Reads a corpus.
   *
   * @param spec {@code ljspeech:DIR}, {@code libritts:DIR} or {@code manifest:FILE}
   * @return the splits
   * @throws IOException when a list or text file cannot be read
   * @throws IllegalArgumentException for an unknown source, a missing directory or file, or a
   *     malformed line (the message names it)
   */
  public static TtsCorpus read(String spec) throws IOException {
    checkArgument(
        spec != null && spec.indexOf(':') > 0,
        "data spec must be ljspeech:DIR, libritts:DIR or manifest:FILE, got '%s'",
        spec);
    String kind = spec.substring(0, spec.indexOf(':'));
    String where = spec.substring(spec.indexOf(':') + 1);
    if (kind.equals("manifest")) {
      return fromManifest(spec, Manifest.read(Path.of(where)));
    }
    CorpusSplits s = Corpora.read(spec, "tts");
    return new TtsCorpus(
        spec, utterances(s.train()), utterances(s.val()), utterances(s.test()), s.missing());
  }

  /**
   * Returns the speakers of the training split, sorted by name.
   *
   * @return the speaker names
   */
  public List<String> speakers() {
    TreeSet<String> names = new TreeSet<>();
    train.forEach(u -> names.add(u.speaker()));
    return List.copyOf(names);
  }

  private static TtsCorpus fromManifest(String spec, Manifest m) {
    checkArgument(
        m.columns().contains("text"),
        "%s: a TTS manifest needs the columns path,text[,speaker]; found %s",
        m.file(),
        m.columns());
    ImmutableList.Builder<TtsUtterance> train = ImmutableList.builder();
    ImmutableList.Builder<TtsUtterance> val = ImmutableList.builder();
    ImmutableList.Builder<TtsUtterance> test = ImmutableList.builder();
    for (ManifestEntry e : m.entries()) {
      String split = e.fields().getOrDefault("split", "train");
      TtsUtterance u =
          new TtsUtterance(
              e.audio(), e.get("text"), e.fields().getOrDefault("speaker", DEFAULT_SPEAKER));
      switch (split) {
        case "train" -> train.add(u);
        case "val" -> val.add(u);
        case "test" -> test.add(u);
        default ->
            throw new IllegalArgumentException(
                String.format(
                    "%s line %s: split must be train, val or test, got '%s'",
                    m.file(), e.line(), split));
      }
    }
    return new TtsCorpus(spec, train.build(), val.build(), test.build(), m.missing().size());
  }

  private static List<TtsUtterance> utterances(List<ManifestEntry> entries) {
    return entries.stream()
        .map(e -> new TtsUtterance(e.audio(), e.get("transcript"), e.get("speaker")))
        .toList();
  }
}
